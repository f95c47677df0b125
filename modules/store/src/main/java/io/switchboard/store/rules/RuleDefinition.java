package io.switchboard.store.rules;

import io.switchboard.api.Outcome;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A rule, parsed and compiled: which accounts it watches, the condition an outcome must match, how many matches
 * within a window make it fire, the pause between firings, what it does, and how long a disabled account stays
 * out. {@code mode} {@code observe} records hits and log lines only. {@code json} is the definition as written
 * (the shape {@link RuleValidator} checks), {@code id} null for a rule not saved.
 */
public record RuleDefinition(Long id, String name, String description, boolean enabled, String mode, RuleScope scope,
                             RuleCondition condition, int thresholdCount, int windowSeconds, int cooldownSeconds,
                             List<RuleAction> actions, Integer reenableAfterSeconds, boolean builtin, JsonObject json) {

  public static final List<String> MODES = List.of("enforce", "observe");

  /** Parses a rule definition; throws {@link InvalidRuleException} listing every bad part by its path. */
  public static RuleDefinition parse(JsonObject json) {
    return RuleValidator.parse(json);
  }

  public boolean observing() {
    return "observe".equals(mode);
  }

  /** The evidence when the outcome is on an account this rule watches and matches its condition, else null. */
  public String match(Outcome outcome, String provider, List<String> groups) {
    return scope.covers(outcome.accountId(), provider, groups) ? condition.match(outcome) : null;
  }
}

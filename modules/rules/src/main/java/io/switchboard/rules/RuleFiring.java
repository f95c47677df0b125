package io.switchboard.rules;

import io.micrometer.core.instrument.Counter;
import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.LabelValues;
import io.switchboard.api.Outcome;
import io.switchboard.store.AccountStatusStore;
import io.switchboard.store.rules.RuleAction;
import io.switchboard.store.rules.RuleDefinition;
import io.switchboard.store.rules.RuleHit;
import io.switchboard.store.rules.RuleHitStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a rule that fired on an account: in enforce mode its disable/ban (a conditional row update, then
 * {@code ConfigChanged("account", id)}), alert webhooks and log line; in observe mode the log line only. Either
 * way one {@code rule_hits} row records the evidence and what was done ("would:" for what observe mode skipped).
 */
final class RuleFiring {
  private static final Logger LOG = LoggerFactory.getLogger(RuleFiring.class);
  private static final int REASON_CHARS = 500;
  private final Vertx vertx;
  private final AccountStatusStore accounts;
  private final RuleHitStore hits;
  /** {@code sb_rule_firings_total{rule, mode}}: rules are rows of this role's table, at most 200 named. */
  private static final LabelValues RULE_NAMES = new LabelValues(200);
  private static final Map<String, Counter> FIRINGS = new ConcurrentHashMap<>();
  private final WebhookAlerts alerts;

  RuleFiring(Vertx vertx, AccountStatusStore accounts, RuleHitStore hits, WebhookAlerts alerts) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.hits = hits;
    this.alerts = alerts;
  }

  /** Acts on the firing and writes its hit; completes with the hit written. */
  private static Counter firings(String ruleAndMode) {
    int split = ruleAndMode.lastIndexOf('\n');
    return Counter.builder("sb.rule.firings").tag("rule", ruleAndMode.substring(0, split))
      .tag("mode", ruleAndMode.substring(split + 1)).description("rules that fired, by rule name and mode")
      .register(GatewayMetrics.registry());
  }

  Future<RuleHit> fire(RuleDefinition rule, Outcome outcome, String evidence, int matches) {
    FIRINGS.computeIfAbsent(RULE_NAMES.known(rule.name()) + "\n" + rule.mode(), RuleFiring::firings).increment();
    LOG.warn("rule '{}' ({}) fired on account {}: {} [{} match(es) within {} s]", rule.name(), rule.mode(),
      outcome.accountId(), evidence, matches, rule.windowSeconds());
    List<Future<String>> done = new ArrayList<>();
    for (RuleAction action : rule.actions()) {
      done.add(rule.observing() && !action.type().equals("log") ? Future.succeededFuture("would:" + action.label())
        : act(rule, action, outcome, evidence, matches));
    }
    return Future.join(done).transform(ignored -> {
      List<String> taken = new ArrayList<>();
      for (Future<String> action : done) {
        taken.add(action.succeeded() ? action.result() : "failed:" + action.cause().getMessage());
      }
      String errorClass = ErrorClass.wireName(outcome.errorClass());
      return hits.insert(new RuleHit(0, rule.id(), outcome.accountId(), Instant.ofEpochMilli(outcome.atEpochMs()),
        rule.mode(), outcome.requestId(), outcome.status(), errorClass, evidence, matches, taken))
        .map(id -> new RuleHit(id, rule.id(), outcome.accountId(), Instant.ofEpochMilli(outcome.atEpochMs()),
          rule.mode(), outcome.requestId(), outcome.status(), errorClass, evidence, matches, taken));
    });
  }

  private Future<String> act(RuleDefinition rule, RuleAction action, Outcome outcome, String evidence, int matches) {
    long account = outcome.accountId();
    String reason = clip("rule " + rule.name() + ": " + evidence);
    return switch (action.type()) {
      case "disable" -> {
        Instant until = rule.reenableAfterSeconds() == null ? null
          : Instant.now().plusSeconds(rule.reenableAfterSeconds());
        yield accounts.disable(account, action.status(), reason, until).map(changed -> announce(changed, account,
          action.label() + (until == null ? "" : " until " + until)));
      }
      case "ban" -> accounts.ban(account, reason).map(changed -> announce(changed, account, action.label()));
      case "alert" -> {
        JsonObject alert = alert(rule, outcome, evidence, matches);
        alerts.send(action.url(), alert);  // delivery (and its retries) is not waited for; failures are logged
        yield Future.succeededFuture("alert");
      }
      default -> Future.succeededFuture("log");
    };
  }

  private String announce(boolean changed, long account, String label) {
    if (!changed) {
      return label + " (unchanged: account already out)";
    }
    vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, account));
    return label;
  }

  private static JsonObject alert(RuleDefinition rule, Outcome outcome, String evidence, int matches) {
    JsonArray actions = new JsonArray();
    rule.actions().forEach(a -> actions.add(a.label()));
    return new JsonObject().put("event", "rule.fired")
      .put("rule", new JsonObject().put("id", rule.id()).put("name", rule.name()).put("mode", rule.mode()))
      .put("accountId", outcome.accountId()).put("provider", outcome.providerKind().wireName())
      .put("model", outcome.model()).put("requestId", outcome.requestId()).put("status", outcome.status())
      .put("errorClass", ErrorClass.wireName(outcome.errorClass())).put("evidence", evidence).put("matches", matches)
      .put("windowSeconds", rule.windowSeconds())
      .put("actions", actions).put("at", Instant.ofEpochMilli(outcome.atEpochMs()).toString());
  }

  private static String clip(String text) {
    return text.length() <= REASON_CHARS ? text : text.substring(0, REASON_CHARS) + "…";
  }
}

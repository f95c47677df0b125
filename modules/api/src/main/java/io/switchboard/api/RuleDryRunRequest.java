package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * Asks the rule engine what a rule would have fired on among the last {@code lastOutcomes} recorded upstream
 * outcomes: a saved rule by {@code ruleId}, or a definition not saved (or edited) in {@code rule}. The rule need
 * not be enabled.
 */
public record RuleDryRunRequest(Long ruleId, JsonObject rule, int lastOutcomes) {
  public JsonObject toJson() {
    return new JsonObject().put("ruleId", ruleId).put("rule", rule).put("lastOutcomes", lastOutcomes);
  }

  public static RuleDryRunRequest fromJson(JsonObject json) {
    return new RuleDryRunRequest(json.getLong("ruleId"), json.getJsonObject("rule"), json.getInteger("lastOutcomes"));
  }
}

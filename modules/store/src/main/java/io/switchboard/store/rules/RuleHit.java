package io.switchboard.store.rules;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * One firing of a rule on an account: when, in which mode, the outcome that crossed the threshold (request,
 * status, error class), the evidence (what matched), the matches counted in the window, and the actions taken
 * (in observe mode: none, the log line aside). {@code id} is 0 before the row is written.
 */
public record RuleHit(long id, long ruleId, long accountId, Instant at, String mode, String requestId, int status,
                      String errorClass, String evidence, int matches, List<String> actions) {

  public RuleHit {
    actions = List.copyOf(actions);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("ruleId", ruleId).put("accountId", accountId).put("at", at.toString())
      .put("mode", mode).put("requestId", requestId).put("status", status).put("errorClass", errorClass)
      .put("evidence", evidence).put("matches", matches).put("actions", new JsonArray(actions));
  }
}

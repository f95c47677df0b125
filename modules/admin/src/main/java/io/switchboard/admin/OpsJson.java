package io.switchboard.admin;

import io.switchboard.store.AccountStatusHistory;
import io.switchboard.store.rules.RuleHit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;

/** What the gateway did by itself, as the admin API shows it: account status changes and rule hits. */
final class OpsJson {
  private OpsJson() {
  }

  static JsonObject statusEvent(AccountStatusHistory.Event e) {
    return new JsonObject().put("id", e.id()).put("accountId", e.accountId()).put("at", e.at().toString())
      .put("from", e.from()).put("to", e.to()).put("reason", e.reason())
      .put("until", e.until() == null ? null : e.until().toString()).put("requestId", e.requestId());
  }

  static JsonObject ruleHit(RuleHit h) {
    return new JsonObject().put("id", h.id()).put("ruleId", h.ruleId()).put("accountId", h.accountId())
      .put("at", h.at().toString()).put("mode", h.mode()).put("requestId", h.requestId()).put("status", h.status())
      .put("errorClass", h.errorClass()).put("evidence", h.evidence()).put("matches", h.matches())
      .put("actions", new JsonArray(new ArrayList<>(h.actions())));
  }
}

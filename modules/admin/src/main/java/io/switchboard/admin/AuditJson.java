package io.switchboard.admin;

import io.switchboard.store.AuditEntry;
import io.switchboard.store.AuditStore;
import io.vertx.core.json.JsonObject;

/** Audit rows as the admin API lists and exports them. */
final class AuditJson {
  private AuditJson() {
  }

  static JsonObject row(AuditStore.Logged logged) {
    AuditEntry e = logged.entry();
    return new JsonObject().put("id", logged.id()).put("at", logged.at().toString())
      .put("actorId", e.actorId() == 0 ? null : e.actorId()).put("actorName", e.actorName())
      .put("action", e.action()).put("targetType", e.targetType()).put("targetId", e.targetId())
      .put("before", e.before()).put("after", e.after()).put("ip", e.ip()).put("outcome", e.outcome());
  }
}

package io.switchboard.admin;

import io.switchboard.store.AuditEntry;
import io.switchboard.store.AuditStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes audit rows for admin actions; callers pass views that hold no secret. */
final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private final AuditStore store;

  AuditTrail(AuditStore store) {
    this.store = store;
  }

  /** Records a successful action by the caller; the action's answer waits for the row. */
  Future<Void> ok(Call call, String action, String targetType, Object targetId, JsonObject before, JsonObject after) {
    return write(call, action, targetType, targetId, before, after, "ok");
  }

  Future<Void> write(Call call, String action, String targetType, Object targetId, JsonObject before,
                     JsonObject after, String outcome) {
    long actorId = call.caller() == null ? 0 : call.caller().id();
    String actorName = call.caller() == null ? null : call.caller().username();
    return write(new AuditEntry(actorId, actorName, action, targetType, targetId == null ? null
      : String.valueOf(targetId), before, after, call.ip(), outcome));
  }

  Future<Void> write(AuditEntry entry) {
    return store.append(entry).onFailure(e -> LOG.error("audit row for {} could not be written: {}", entry.action(),
      e.getClass().getSimpleName()));
  }
}

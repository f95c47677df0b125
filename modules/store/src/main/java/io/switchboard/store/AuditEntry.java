package io.switchboard.store;

import io.vertx.core.json.JsonObject;

/**
 * One audited action: who (actor id 0 when unknown), what, on which target, the row before and after (callers pass
 * views without secrets: no hashes, no credentials), from which address, and whether it succeeded.
 */
public record AuditEntry(long actorId, String actorName, String action, String targetType, String targetId,
                         JsonObject before, JsonObject after, String ip, String outcome) {
}

package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * An account's status changed (published on {@link Addresses#ACCOUNT_HEALTH} by whoever stored the change):
 * {@code status} is the new one (active, rate_limited, overloaded, invalid...), {@code previous} the old one,
 * {@code reason} why (an error class, {@code expired} or {@code probe_ok}), {@code untilEpochMs} when a temporary
 * status ends (-1: no end).
 */
public record AccountHealth(long accountId, String status, String previous, String reason, long untilEpochMs,
                            long atEpochMs) {
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("status", status).put("previous", previous)
      .put("reason", reason).put("untilEpochMs", untilEpochMs).put("atEpochMs", atEpochMs);
  }

  public static AccountHealth fromJson(JsonObject json) {
    return new AccountHealth(json.getLong("accountId"), json.getString("status"), json.getString("previous"),
      json.getString("reason"), json.getLong("untilEpochMs", -1L), json.getLong("atEpochMs"));
  }
}

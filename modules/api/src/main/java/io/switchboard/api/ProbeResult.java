package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * How a probe went: the upstream status (0 when none arrived), the error class as in {@link Outcome} (null on
 * success), the latency, and a short message safe to show an admin (never a credential).
 */
public record ProbeResult(long accountId, String model, boolean ok, int status, String errorClass, long latencyMs,
                          String message) {
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("model", model).put("ok", ok).put("status", status)
      .put("errorClass", errorClass).put("latencyMs", latencyMs).put("message", message);
  }

  public static ProbeResult fromJson(JsonObject json) {
    return new ProbeResult(json.getLong("accountId"), json.getString("model"), json.getBoolean("ok"),
      json.getInteger("status"), json.getString("errorClass"), json.getLong("latencyMs"), json.getString("message"));
  }
}

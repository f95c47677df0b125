package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * How a probe went: the upstream status (0 when none arrived), the {@link ErrorClass} (null on success), the
 * latency, and a short message safe to show an admin (never a credential).
 */
public record ProbeResult(long accountId, String model, boolean ok, int status, ErrorClass errorClass, long latencyMs,
                          String message) {
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("model", model).put("ok", ok).put("status", status)
      .put("errorClass", ErrorClass.wireName(errorClass)).put("latencyMs", latencyMs).put("message", message);
  }

  public static ProbeResult fromJson(JsonObject json) {
    return new ProbeResult(json.getLong("accountId"), json.getString("model"), json.getBoolean("ok"),
      json.getInteger("status"), ErrorClass.fromWire(json.getString("errorClass")), json.getLong("latencyMs"),
      json.getString("message"));
  }
}

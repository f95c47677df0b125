package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * What one finished request used and how it went. {@code accountId} is null when no upstream was reached;
 * {@code ttfbMs} is -1 when no byte reached the client; {@code outcome} is {@code ok}, {@code client_closed}
 * or an {@link ErrorKind} name; {@code errorClass} names the upstream failure behind it as
 * {@link Outcome#ERROR_CLASSES} do (null when the request succeeded or never reached an upstream).
 */
public record UsageRecord(String requestId, long keyId, Long accountId, String model, String upstreamModel,
                          Usage usage, int status, long latencyMs, long ttfbMs, boolean stream, String outcome,
                          String errorClass) {

  public UsageRecord {
    usage = usage == null ? Usage.NONE : usage;
  }

  public UsageRecord(String requestId, long keyId, Long accountId, String model, String upstreamModel,
                     Usage usage, int status, long latencyMs, long ttfbMs, boolean stream, String outcome) {
    this(requestId, keyId, accountId, model, upstreamModel, usage, status, latencyMs, ttfbMs, stream, outcome, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("requestId", requestId).put("keyId", keyId).put("accountId", accountId)
      .put("model", model).put("upstreamModel", upstreamModel).put("usage", usage.toJson()).put("status", status)
      .put("latencyMs", latencyMs).put("ttfbMs", ttfbMs).put("stream", stream).put("outcome", outcome)
      .put("errorClass", errorClass);
  }

  public static UsageRecord fromJson(JsonObject json) {
    return new UsageRecord(json.getString("requestId"), json.getLong("keyId"), json.getLong("accountId"),
      json.getString("model"), json.getString("upstreamModel"), Usage.fromJson(json.getJsonObject("usage")),
      json.getInteger("status"), json.getLong("latencyMs"), json.getLong("ttfbMs"), json.getBoolean("stream"),
      json.getString("outcome"), json.getString("errorClass"));
  }
}

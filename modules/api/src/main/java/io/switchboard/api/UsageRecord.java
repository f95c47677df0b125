package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * What one finished request used and how it went. {@code accountId} is null when no upstream was reached;
 * {@code ttfbMs} is -1 when no byte reached the client; {@code outcome} is {@code ok}, {@code client_closed}
 * or an {@link ErrorKind} name; {@code errorClass} names the upstream failure behind it
 * ({@link ErrorClass#PROVIDER_LOST} when the provider serving it stopped answering the ingress; null when the
 * request succeeded or never reached an upstream).
 * {@code userId} (0 when none) and {@code group} say whom to charge at which group ratio; {@code onFallback}: the
 * user's daily quota was spent and the request ran on the fallback group; {@code startedAtMs} (epoch ms) is when the
 * request began, the row's time, so a replayed record is the same row; {@code estimated}: the upstream reported no
 * usage and the counts were estimated locally; {@code traffic}: its route, client address, bytes and units.
 */
public record UsageRecord(String requestId, long keyId, Long accountId, String model, String upstreamModel,
                          Usage usage, int status, long latencyMs, long ttfbMs, boolean stream, String outcome,
                          ErrorClass errorClass, long userId, String group, boolean onFallback, long startedAtMs,
                          boolean estimated, RequestTraffic traffic) {

  public UsageRecord {
    usage = usage == null ? Usage.NONE : usage;
    group = group == null ? Principal.DEFAULT_GROUP : group;
    traffic = traffic == null ? RequestTraffic.NONE : traffic;
  }

  /** A record without traffic details. */
  public UsageRecord(String requestId, long keyId, Long accountId, String model, String upstreamModel, Usage usage,
                     int status, long latencyMs, long ttfbMs, boolean stream, String outcome, ErrorClass errorClass,
                     long userId, String group, boolean onFallback, long startedAtMs, boolean estimated) {
    this(requestId, keyId, accountId, model, upstreamModel, usage, status, latencyMs, ttfbMs, stream, outcome,
      errorClass, userId, group, onFallback, startedAtMs, estimated, RequestTraffic.NONE);
  }

  /** A record of a key with no owner, started now, with usage as reported. */
  public UsageRecord(String requestId, long keyId, Long accountId, String model, String upstreamModel, Usage usage,
                     int status, long latencyMs, long ttfbMs, boolean stream, String outcome) {
    this(requestId, keyId, accountId, model, upstreamModel, usage, status, latencyMs, ttfbMs, stream, outcome, null);
  }

  /** A record of a key with no owner, started now, with usage as reported and the upstream failure's class. */
  public UsageRecord(String requestId, long keyId, Long accountId, String model, String upstreamModel, Usage usage,
                     int status, long latencyMs, long ttfbMs, boolean stream, String outcome, ErrorClass errorClass) {
    this(requestId, keyId, accountId, model, upstreamModel, usage, status, latencyMs, ttfbMs, stream, outcome,
      errorClass, 0, Principal.DEFAULT_GROUP, false, System.currentTimeMillis(), false);
  }

  /** A record without an upstream failure class. */
  public UsageRecord(String requestId, long keyId, Long accountId, String model, String upstreamModel, Usage usage,
                     int status, long latencyMs, long ttfbMs, boolean stream, String outcome, long userId,
                     String group, boolean onFallback, long startedAtMs, boolean estimated) {
    this(requestId, keyId, accountId, model, upstreamModel, usage, status, latencyMs, ttfbMs, stream, outcome, null,
      userId, group, onFallback, startedAtMs, estimated);
  }

  public JsonObject toJson() {
    return new JsonObject().put("requestId", requestId).put("keyId", keyId).put("accountId", accountId)
      .put("model", model).put("upstreamModel", upstreamModel).put("usage", usage.toJson()).put("status", status)
      .put("latencyMs", latencyMs).put("ttfbMs", ttfbMs).put("stream", stream).put("outcome", outcome)
      .put("errorClass", ErrorClass.wireName(errorClass)).put("userId", userId).put("group", group)
      .put("onFallback", onFallback).put("startedAtMs", startedAtMs).put("estimated", estimated)
      .put("traffic", traffic.toJson());
  }

  public static UsageRecord fromJson(JsonObject json) {
    return new UsageRecord(json.getString("requestId"), json.getLong("keyId"), json.getLong("accountId"),
      json.getString("model"), json.getString("upstreamModel"), Usage.fromJson(json.getJsonObject("usage")),
      json.getInteger("status"), json.getLong("latencyMs"), json.getLong("ttfbMs"), json.getBoolean("stream"),
      json.getString("outcome"), ErrorClass.fromWire(json.getString("errorClass")), json.getLong("userId", 0L),
      json.getString("group"), json.getBoolean("onFallback", false), json.getLong("startedAtMs", 0L),
      json.getBoolean("estimated", false), RequestTraffic.fromJson(json.getJsonObject("traffic")));
  }
}

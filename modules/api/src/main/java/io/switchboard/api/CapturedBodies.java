package io.switchboard.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The bodies of one request whose key captures them, as the client sent and received them, each cut at the capture
 * size ({@code ...Truncated} when it was longer); not yet redacted. {@code dialect} is the client's (null: a
 * pass-through request, whose format is not the gateway's); a streamed chat answer ({@code stream}) is stored
 * reassembled into the whole answer. Sent on {@link Addresses#USAGE_BODIES}.
 */
public record CapturedBodies(String requestId, long startedAtMs, long keyId, Dialect dialect, boolean stream,
                             String model, Buffer request, boolean requestTruncated, Buffer response,
                             boolean responseTruncated) {

  public JsonObject toJson() {
    return new JsonObject().put("requestId", requestId).put("startedAtMs", startedAtMs).put("keyId", keyId)
      .put("dialect", dialect == null ? null : dialect.name()).put("stream", stream).put("model", model)
      .put("request", request == null ? null : request.getBytes()).put("requestTruncated", requestTruncated)
      .put("response", response == null ? null : response.getBytes()).put("responseTruncated", responseTruncated);
  }

  public static CapturedBodies fromJson(JsonObject json) {
    byte[] request = json.getBinary("request");
    byte[] response = json.getBinary("response");
    String dialect = json.getString("dialect");
    return new CapturedBodies(json.getString("requestId"), json.getLong("startedAtMs"), json.getLong("keyId"),
      dialect == null ? null : Dialect.valueOf(dialect), json.getBoolean("stream"), json.getString("model"),
      request == null ? null : Buffer.buffer(request), json.getBoolean("requestTruncated"),
      response == null ? null : Buffer.buffer(response), json.getBoolean("responseTruncated"));
  }
}

package io.switchboard.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One message of a response stream: {@code DATA} carries client-ready bytes (everything one upstream read
 * delivered), then exactly one {@code END} (final usage) or {@code ERROR} (a message safe to show the client, and
 * the failure's {@link ErrorClass}).
 */
public record StreamFrame(Kind kind, long seq, Buffer data, Usage usage, String error, ErrorClass errorClass) {
  public enum Kind { DATA, END, ERROR }

  public StreamFrame(Kind kind, long seq, Buffer data, Usage usage, String error) {
    this(kind, seq, data, usage, error, null);
  }

  public static StreamFrame error(long seq, Usage usage, String error, ErrorClass errorClass) {
    return new StreamFrame(Kind.ERROR, seq, null, usage, error, errorClass);
  }

  public static StreamFrame data(long seq, Buffer data) {
    return new StreamFrame(Kind.DATA, seq, data, null, null);
  }

  public static StreamFrame end(long seq, Usage usage) {
    return new StreamFrame(Kind.END, seq, null, usage, null);
  }

  public static StreamFrame error(long seq, Usage usage, String error) {
    return new StreamFrame(Kind.ERROR, seq, null, usage, error);
  }

  public JsonObject toJson() {
    return new JsonObject().put("kind", kind.name()).put("seq", seq)
      .put("data", data == null ? null : data.getBytes())
      .put("usage", usage == null ? null : usage.toJson()).put("error", error)
      .put("errorClass", ErrorClass.wireName(errorClass));
  }

  public static StreamFrame fromJson(JsonObject json) {
    byte[] data = json.getBinary("data");
    return new StreamFrame(Kind.valueOf(json.getString("kind")), json.getLong("seq"),
      data == null ? null : Buffer.buffer(data), Usage.fromJson(json.getJsonObject("usage")), json.getString("error"),
      ErrorClass.fromWire(json.getString("errorClass")));
  }
}

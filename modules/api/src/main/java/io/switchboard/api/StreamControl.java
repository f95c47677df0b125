package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * From the ingress to a streaming provider: {@code CREDIT} more bytes may be sent, {@code CANCEL} the upstream, or
 * {@code PING}: are you still there? {@code CANCEL} and {@code PING} are answered with the {@link StreamTally} so far;
 * a {@code PING} that gets no answer means the provider is gone.
 */
public record StreamControl(Kind kind, long bytes) {
  public enum Kind { CREDIT, CANCEL, PING }

  public static final StreamControl CANCEL = new StreamControl(Kind.CANCEL, 0);
  public static final StreamControl PING = new StreamControl(Kind.PING, 0);

  public static StreamControl credit(long bytes) {
    return new StreamControl(Kind.CREDIT, bytes);
  }

  public JsonObject toJson() {
    return new JsonObject().put("kind", kind.name()).put("bytes", bytes);
  }

  public static StreamControl fromJson(JsonObject json) {
    return new StreamControl(Kind.valueOf(json.getString("kind")), json.getLong("bytes"));
  }
}

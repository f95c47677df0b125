package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * What a stream's provider has counted: the usage the upstream reported so far ({@code usage}, null if none) and the
 * output tokens it estimated locally in what it passed on. The answer to {@link StreamControl} {@code CANCEL} and
 * {@code PING}, and carried by the last {@link StreamFrame}.
 */
public record StreamTally(Usage usage, long estimatedOutputTokens) {
  public static final StreamTally NONE = new StreamTally(null, 0);

  public JsonObject toJson() {
    return new JsonObject().put("usage", usage == null ? null : usage.toJson())
      .put("estimatedOutputTokens", estimatedOutputTokens);
  }

  public static StreamTally fromJson(JsonObject json) {
    return new StreamTally(Usage.fromJson(json.getJsonObject("usage")), json.getLong("estimatedOutputTokens"));
  }
}

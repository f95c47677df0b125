package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * What a stream's provider has counted: the usage the upstream reported so far ({@code usage}, null if none), the
 * output tokens it estimated locally in what it passed on, and the priced units other than tokens the answer reported
 * ({@code units}: images, seconds of audio, characters spoken; 0 for chat). The answer to {@link StreamControl}
 * {@code CANCEL} and {@code PING}, and carried by the last {@link StreamFrame}.
 */
public record StreamTally(Usage usage, long estimatedOutputTokens, long units) {
  public static final StreamTally NONE = new StreamTally(null, 0);

  /** A tally of tokens only. */
  public StreamTally(Usage usage, long estimatedOutputTokens) {
    this(usage, estimatedOutputTokens, 0);
  }

  public JsonObject toJson() {
    return new JsonObject().put("usage", usage == null ? null : usage.toJson())
      .put("estimatedOutputTokens", estimatedOutputTokens).put("units", units);
  }

  public static StreamTally fromJson(JsonObject json) {
    return new StreamTally(Usage.fromJson(json.getJsonObject("usage")), json.getLong("estimatedOutputTokens"),
      json.getLong("units", 0L));
  }
}

package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * Token counts of one request, as the upstream reported them, in OpenAI's counting: {@code inputTokens} includes
 * the cached ones ({@code cacheReadTokens} and {@code cacheWriteTokens} are parts of it, as Gemini counts too,
 * while Anthropic reports them apart), and {@code outputTokens} includes {@code reasoningTokens} (Gemini reports
 * thoughts apart).
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    long reasoningTokens) {
  public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

  public JsonObject toJson() {
    return new JsonObject().put("input", inputTokens).put("output", outputTokens)
      .put("cacheRead", cacheReadTokens).put("cacheWrite", cacheWriteTokens).put("reasoning", reasoningTokens);
  }

  public static Usage fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    return new Usage(json.getLong("input", 0L), json.getLong("output", 0L), json.getLong("cacheRead", 0L),
      json.getLong("cacheWrite", 0L), json.getLong("reasoning", 0L));
  }
}

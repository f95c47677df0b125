package io.switchboard.dialects.gemini;

import io.switchboard.api.Usage;
import io.vertx.core.json.JsonObject;

/**
 * Gemini's {@code usageMetadata} to canonical counts and back. Gemini counts thoughts apart from
 * {@code candidatesTokenCount}, so canonical output is candidates + thoughts with reasoning = thoughts; its
 * {@code promptTokenCount} already includes {@code cachedContentTokenCount}, as canonical input does. Tool-use
 * prompt tokens (Google Search results and the like) are billed as input, so they join the input count.
 */
public final class GeminiUsage {
  private GeminiUsage() {
  }

  /** Null when the object is absent or not an object. */
  public static Usage read(Object usageMetadata) {
    if (!(usageMetadata instanceof JsonObject u)) {
      return null;
    }
    long thoughts = count(u, "thoughtsTokenCount");
    return new Usage(count(u, "promptTokenCount") + count(u, "toolUsePromptTokenCount"),
      count(u, "candidatesTokenCount") + thoughts, count(u, "cachedContentTokenCount"), 0, thoughts);
  }

  /** Google's field order; zero counts are left out, as proto3 JSON leaves them out. */
  static JsonObject write(Usage usage) {
    JsonObject out = new JsonObject();
    long candidates = Math.max(0, usage.outputTokens() - usage.reasoningTokens());
    putCount(out, "promptTokenCount", usage.inputTokens());
    putCount(out, "candidatesTokenCount", candidates);
    putCount(out, "totalTokenCount", usage.inputTokens() + candidates + usage.reasoningTokens());
    putCount(out, "cachedContentTokenCount", usage.cacheReadTokens());
    putCount(out, "thoughtsTokenCount", usage.reasoningTokens());
    return out;
  }

  private static void putCount(JsonObject out, String field, long count) {
    if (count > 0) {
      out.put(field, count);
    }
  }

  private static long count(JsonObject json, String field) {
    return json.getValue(field) instanceof Number n ? n.longValue() : 0L;
  }
}

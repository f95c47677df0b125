package io.switchboard.dialects.anthropic;

import io.switchboard.api.Usage;
import io.vertx.core.json.JsonObject;

/**
 * Anthropic's token counts to the canonical counting and back. Anthropic reports cache reads and writes apart
 * from {@code input_tokens}; canonical input includes them. Anthropic's output already includes thinking and it
 * reports no reasoning count, so reasoning reads as 0 and is not written back. The finer parts of its usage
 * (cache_creation's 5m/1h split, server_tool_use, service_tier) have no canonical field and are dropped.
 */
public final class AnthropicUsage {
  private AnthropicUsage() {
  }

  /** Running totals as the stream reports them: message_start sets them, message_delta overrides some. */
  static final class Counts {
    long input;
    long output;
    long cacheRead;
    long cacheWrite;

    /** Takes every count present in {@code usage}; absent ones keep their value. */
    Counts merge(JsonObject usage) {
      input = count(usage, "input_tokens", input);
      output = count(usage, "output_tokens", output);
      cacheRead = count(usage, "cache_read_input_tokens", cacheRead);
      cacheWrite = count(usage, "cache_creation_input_tokens", cacheWrite);
      return this;
    }

    Usage canonical() {
      return new Usage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite, 0);
    }

    private static long count(JsonObject usage, String key, long previous) {
      return usage.getValue(key) instanceof Number number ? number.longValue() : previous;
    }
  }

  public static Usage decode(Object usage) {
    return usage instanceof JsonObject json ? new Counts().merge(json).canonical() : Usage.NONE;
  }

  /** In the order Anthropic writes them; input without the cached parts. */
  static JsonObject encode(Usage usage) {
    Usage u = usage == null ? Usage.NONE : usage;
    long uncached = Math.max(0, u.inputTokens() - u.cacheReadTokens() - u.cacheWriteTokens());
    return new JsonObject().put("input_tokens", uncached).put("cache_creation_input_tokens", u.cacheWriteTokens())
      .put("cache_read_input_tokens", u.cacheReadTokens()).put("output_tokens", u.outputTokens());
  }
}

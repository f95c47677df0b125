package io.switchboard.dialects.openai;

import io.switchboard.api.Usage;
import io.vertx.core.json.JsonObject;

/**
 * Writes canonical token counts as OpenAI's {@code usage} object ({@link OpenAiUsage} reads it). The counting is
 * already OpenAI's; cache writes have no field of their own (they stay inside prompt_tokens).
 */
final class OpenAiUsageJson {
  private OpenAiUsageJson() {
  }

  static JsonObject write(Usage usage) {
    return new JsonObject()
      .put("prompt_tokens", usage.inputTokens())
      .put("completion_tokens", usage.outputTokens())
      .put("total_tokens", usage.inputTokens() + usage.outputTokens())
      .put("prompt_tokens_details", new JsonObject().put("cached_tokens", usage.cacheReadTokens()))
      .put("completion_tokens_details", new JsonObject().put("reasoning_tokens", usage.reasoningTokens()));
  }
}

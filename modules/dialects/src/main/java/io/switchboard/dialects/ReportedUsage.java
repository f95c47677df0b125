package io.switchboard.dialects;

import io.switchboard.api.Usage;
import io.switchboard.dialects.anthropic.AnthropicUsage;
import io.switchboard.dialects.gemini.GeminiUsage;
import io.switchboard.dialects.openai.OpenAiUsage;
import io.switchboard.dialects.responses.ResponsesUsage;
import io.vertx.core.json.JsonObject;

/**
 * The token usage an answer (or one stream event) of any API the gateway knows reports, read from wherever that API
 * puts it: {@code usage} (OpenAI chat, embeddings, moderations, images, transcriptions, Responses, Anthropic),
 * {@code response.usage} (a Responses stream's last event), {@code message.usage} (Anthropic's message_start) or
 * {@code usageMetadata} (Gemini). For answers the gateway only passes through, so their tokens can be charged.
 */
public final class ReportedUsage {
  private ReportedUsage() {
  }

  /** The usage {@code json} reports, or null when it reports none. */
  public static Usage in(JsonObject json) {
    Usage found = of(json.getValue("usage"));
    if (found == null && json.getValue("response") instanceof JsonObject response) {
      found = of(response.getValue("usage"));
    }
    if (found == null && json.getValue("message") instanceof JsonObject message) {
      found = of(message.getValue("usage"));
    }
    return found != null ? found : GeminiUsage.read(json.getValue("usageMetadata"));
  }

  /** A {@code usage} object in whichever counting it uses; null when it holds no token count. */
  private static Usage of(Object usage) {
    if (!(usage instanceof JsonObject u)) {
      return null;
    }
    if (u.containsKey("prompt_tokens") || u.containsKey("completion_tokens")) {
      return OpenAiUsage.from(u);
    }
    if (u.containsKey("cache_read_input_tokens") || u.containsKey("cache_creation_input_tokens")) {
      return AnthropicUsage.decode(u);
    }
    if (u.containsKey("input_tokens") || u.containsKey("output_tokens")) {
      return ResponsesUsage.from(u); // Anthropic without cache fields counts the same way
    }
    return null;
  }

  /**
   * Two reports of one answer combined, each count the larger: a stream may report input and output in different
   * events (Anthropic) or report running totals (Gemini).
   */
  public static Usage merge(Usage a, Usage b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return new Usage(Math.max(a.inputTokens(), b.inputTokens()), Math.max(a.outputTokens(), b.outputTokens()),
      Math.max(a.cacheReadTokens(), b.cacheReadTokens()), Math.max(a.cacheWriteTokens(), b.cacheWriteTokens()),
      Math.max(a.reasoningTokens(), b.reasoningTokens()));
  }
}

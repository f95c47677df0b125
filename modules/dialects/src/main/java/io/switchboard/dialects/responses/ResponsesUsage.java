package io.switchboard.dialects.responses;

import io.switchboard.api.Usage;
import io.vertx.core.json.JsonObject;

/**
 * The Responses API's {@code usage} object and canonical token counts, both ways. The counting is already the
 * canonical one (cached tokens inside input_tokens, reasoning inside output_tokens); cache writes have no field of
 * their own and stay inside input_tokens.
 */
public final class ResponsesUsage {
  private ResponsesUsage() {
  }

  /** Null when the object is absent or not an object. */
  public static Usage from(Object usage) {
    if (!(usage instanceof JsonObject u)) {
      return null;
    }
    JsonObject input = u.getValue("input_tokens_details") instanceof JsonObject i ? i : new JsonObject();
    JsonObject output = u.getValue("output_tokens_details") instanceof JsonObject o ? o : new JsonObject();
    return new Usage(number(u, "input_tokens"), number(u, "output_tokens"), number(input, "cached_tokens"), 0,
      number(output, "reasoning_tokens"));
  }

  /** Every field present, as Codex CLI requires of {@code response.completed}. */
  static JsonObject write(Usage usage) {
    return new JsonObject()
      .put("input_tokens", usage.inputTokens())
      .put("input_tokens_details", new JsonObject().put("cached_tokens", usage.cacheReadTokens()))
      .put("output_tokens", usage.outputTokens())
      .put("output_tokens_details", new JsonObject().put("reasoning_tokens", usage.reasoningTokens()))
      .put("total_tokens", usage.inputTokens() + usage.outputTokens());
  }

  private static long number(JsonObject json, String field) {
    return json.getValue(field) instanceof Number n ? n.longValue() : 0L;
  }
}

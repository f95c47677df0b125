package io.switchboard.dialects.openai;

import io.switchboard.api.Usage;
import io.vertx.core.json.JsonObject;

/** Reads OpenAI's {@code usage} object into canonical token counts. */
public final class OpenAiUsage {
  private OpenAiUsage() {
  }

  /** Null when the object is absent or not an object. */
  public static Usage from(Object usage) {
    if (!(usage instanceof JsonObject u)) {
      return null;
    }
    JsonObject prompt = u.getValue("prompt_tokens_details") instanceof JsonObject p ? p : new JsonObject();
    JsonObject completion = u.getValue("completion_tokens_details") instanceof JsonObject c ? c : new JsonObject();
    return new Usage(number(u, "prompt_tokens"), number(u, "completion_tokens"), number(prompt, "cached_tokens"), 0,
      number(completion, "reasoning_tokens"));
  }

  private static long number(JsonObject json, String field) {
    return json.getValue(field) instanceof Number n ? n.longValue() : 0L;
  }
}

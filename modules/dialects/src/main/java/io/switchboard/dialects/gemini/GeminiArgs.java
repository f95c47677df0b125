package io.switchboard.dialects.gemini;

import io.switchboard.api.chat.Part;
import io.vertx.core.json.JsonObject;

/**
 * Tool-call arguments and tool results as the JSON objects Gemini requires ({@code functionCall.args} and
 * {@code functionResponse.response} are {@code Struct}s, never strings or arrays).
 */
final class GeminiArgs {
  private GeminiArgs() {
  }

  /** The arguments text as an object; text that is not a JSON object (e.g. a truncated call) becomes {}. */
  static JsonObject object(String arguments) {
    JsonObject parsed = parseObject(arguments);
    return parsed == null ? new JsonObject() : parsed;
  }

  /**
   * A tool result as a response object: its text when that is a JSON object, else the text wrapped as
   * {@code {"result": text}}, or {@code {"error": text}} for a failed call (Google's documented key). Only
   * text travels: images inside a tool result are dropped.
   */
  static JsonObject response(Part.ToolResult result) {
    StringBuilder text = new StringBuilder();
    for (Part part : result.content()) {
      if (part instanceof Part.Text t) {
        text.append(t.text());
      }
    }
    JsonObject parsed = parseObject(text.toString());
    if (parsed != null) {
      return parsed;
    }
    return new JsonObject().put(result.isError() ? "error" : "result", text.toString());
  }

  private static JsonObject parseObject(String text) {
    if (text == null || text.isBlank() || text.charAt(firstNonBlank(text)) != '{') {
      return null;
    }
    try {
      return new JsonObject(text);
    } catch (RuntimeException notAnObject) {
      return null;
    }
  }

  private static int firstNonBlank(String text) {
    int i = 0;
    while (Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }
}

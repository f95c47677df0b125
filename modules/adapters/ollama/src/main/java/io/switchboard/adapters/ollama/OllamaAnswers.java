package io.switchboard.adapters.ollama;

import io.switchboard.api.Usage;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.StopReason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads Ollama's answers: a whole {@code /api/chat} answer, and the fields its streamed lines share with it
 * ({@code done_reason}, {@code prompt_eval_count}, {@code eval_count}, {@code tool_calls}). Ollama names neither
 * answers nor tool calls, so both get ids here.
 */
final class OllamaAnswers {
  private OllamaAnswers() {
  }

  static ChatResponse decode(JsonObject body) {
    JsonObject message = message(body);
    List<Part> content = new ArrayList<>();
    String thinking = message.getString("thinking", "");
    if (!thinking.isEmpty()) {
      content.add(new Part.Thinking(thinking, null));
    }
    String text = message.getString("content", "");
    if (!text.isEmpty()) {
      content.add(Part.Text.of(text));
    }
    JsonArray calls = toolCalls(message);
    for (int i = 0; i < calls.size(); i++) {
      JsonObject function = calls.getJsonObject(i).getJsonObject("function", new JsonObject());
      content.add(new Part.ToolCall(toolCallId(i), function.getString("name"), arguments(function)));
    }
    return new ChatResponse(answerId(), body.getString("model"), content,
      stopReason(body.getString("done_reason"), !calls.isEmpty()), body.getString("done_reason"), usage(body));
  }

  static JsonObject message(JsonObject line) {
    return line.getValue("message") instanceof JsonObject message ? message : new JsonObject();
  }

  static JsonArray toolCalls(JsonObject message) {
    return message.getValue("tool_calls") instanceof JsonArray calls ? calls : new JsonArray();
  }

  /** A call's arguments as JSON object text (Ollama sends an object; a string is taken as the text). */
  static String arguments(JsonObject function) {
    Object arguments = function.getValue("arguments");
    if (arguments instanceof JsonObject object) {
      return object.encode();
    }
    return arguments instanceof String text ? text : "{}";
  }

  /** {@code prompt_eval_count} in, {@code eval_count} out; Ollama reports no cache or reasoning counts. */
  static Usage usage(JsonObject line) {
    return new Usage(count(line, "prompt_eval_count"), count(line, "eval_count"), 0, 0, 0);
  }

  static StopReason stopReason(String doneReason, boolean calledTools) {
    if (calledTools) {
      return StopReason.TOOL_USE;
    }
    if (doneReason == null || "stop".equals(doneReason)) {
      return StopReason.END_TURN;
    }
    return "length".equals(doneReason) ? StopReason.MAX_TOKENS : StopReason.OTHER;
  }

  static String answerId() {
    return "ollama-" + UUID.randomUUID();
  }

  static String toolCallId(int index) {
    return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "_" + index;
  }

  private static long count(JsonObject line, String field) {
    return line.getValue(field) instanceof Number n ? n.longValue() : 0;
  }
}

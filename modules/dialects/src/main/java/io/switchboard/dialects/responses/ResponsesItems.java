package io.switchboard.dialects.responses;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The output items of a Responses answer, written the same way in a complete response and in a stream's events,
 * with ids derived from the upstream's answer id ({@code msg_01X} gives {@code resp_msg_01X}, and items
 * {@code msg_01X_0}, {@code fc_01X_1}, {@code rs_01X_2}: one item per canonical part, numbered by output index), so
 * both forms of one answer name its items alike and a log line finds the upstream's answer.
 */
final class ResponsesItems {
  static final String IN_PROGRESS = "in_progress";
  static final String COMPLETED = "completed";

  private ResponsesItems() {
  }

  /** OpenAI's id shape: the upstream's id kept when it already is one, else prefixed; a new one when there is none. */
  static String responseId(String upstreamId) {
    if (upstreamId == null || upstreamId.isEmpty()) {
      return "resp_" + UUID.randomUUID().toString().replace("-", "");
    }
    return upstreamId.startsWith("resp_") ? upstreamId : "resp_" + upstreamId;
  }

  /** The upstream id without its own kind prefix ({@code msg_}, {@code chatcmpl-}), behind the item's. */
  static String itemId(String prefix, String responseId, int outputIndex) {
    return prefix + "_" + responseId.substring("resp_".length()).replaceFirst("^[a-z]+[_-]", "") + "_"
      + outputIndex;
  }

  static JsonObject message(String id, String status, JsonArray content) {
    return new JsonObject().put("id", id).put("type", "message").put("status", status).put("content", content)
      .put("role", "assistant");
  }

  static JsonObject outputText(String text) {
    return new JsonObject().put("type", "output_text").put("annotations", new JsonArray())
      .put("logprobs", new JsonArray()).put("text", text);
  }

  static JsonObject functionCall(String id, String status, String callId, String name, String arguments) {
    return new JsonObject().put("id", id).put("type", "function_call").put("status", status)
      .put("arguments", arguments).put("call_id", callId).put("name", name);
  }

  /** A reasoning item: its summary (none when {@code text} is null or empty) and, when known, its encrypted content. */
  static JsonObject reasoning(String id, String text, String encryptedContent) {
    JsonArray summary = new JsonArray();
    if (text != null && !text.isEmpty()) {
      summary.add(summaryText(text));
    }
    JsonObject item = new JsonObject().put("id", id).put("type", "reasoning").put("summary", summary);
    return encryptedContent == null ? item : item.put("encrypted_content", encryptedContent);
  }

  static JsonObject summaryText(String text) {
    return new JsonObject().put("type", "summary_text").put("text", text);
  }
}

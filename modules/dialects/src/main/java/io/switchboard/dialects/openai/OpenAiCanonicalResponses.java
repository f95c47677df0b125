package io.switchboard.dialects.openai;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.Part;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A complete {@code chat.completion} to the canonical answer and back. Reasoning travels as the message's
 * {@code reasoning_content}, the field DeepSeek, vLLM and LiteLLM use (OpenAI itself returns none). Dropped by
 * rule: choices after the first, logprobs, annotations, audio, system_fingerprint, service_tier, the stop detail
 * of an unknown finish_reason (sent as "stop"), RedactedThinking and thinking signatures.
 */
final class OpenAiCanonicalResponses {
  private OpenAiCanonicalResponses() {
  }

  static ChatResponse decode(JsonObject body) {
    if (!(body.getValue("choices") instanceof JsonArray choices) || choices.isEmpty()
      || !(choices.getValue(0) instanceof JsonObject choice)) {
      throw noChoices();
    }
    JsonObject message = choice.getValue("message") instanceof JsonObject m ? m : new JsonObject();
    String finish = choice.getValue("finish_reason") instanceof String f ? f : null;
    return new ChatResponse(string(body, "id"), string(body, "model"), parts(message),
      OpenAiFinishReasons.toCanonical(finish), OpenAiFinishReasons.detail(finish),
      OpenAiUsage.from(body.getValue("usage")));
  }

  static GatewayException noChoices() {
    return new GatewayException(ErrorKind.UPSTREAM_ERROR, "The upstream answer has no choices.");
  }

  private static List<Part> parts(JsonObject message) {
    List<Part> parts = new ArrayList<>();
    String reasoning = string(message, "reasoning_content");
    if (reasoning != null && !reasoning.isEmpty()) {
      parts.add(new Part.Thinking(reasoning, null));
    }
    String content = string(message, "content");
    // a refusal is the whole answer when it comes: kept as text, so a client of another dialect reads why
    String text = content != null ? content : string(message, "refusal");
    if (text != null && !text.isEmpty()) {
      parts.add(Part.Text.of(text));
    }
    if (message.getValue("tool_calls") instanceof JsonArray calls) {
      for (int i = 0; i < calls.size(); i++) {
        if (calls.getValue(i) instanceof JsonObject call && call.getValue("function") instanceof JsonObject function) {
          String id = string(call, "id");
          parts.add(new Part.ToolCall(id == null ? "call_" + i : id, string(function, "name"), arguments(function)));
        }
      }
    }
    if (message.getValue("function_call") instanceof JsonObject function) {
      // legacy function calling carries no id: made one, as for Gemini
      parts.add(new Part.ToolCall("call_0", string(function, "name"), arguments(function)));
    }
    return parts;
  }

  static JsonObject encode(ChatResponse response, String model, long created) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = null;
    JsonArray calls = new JsonArray();
    for (Part part : response.content()) {
      if (part instanceof Part.Text t) {
        text.append(t.text());
      } else if (part instanceof Part.Thinking thinking) {
        reasoning = (reasoning == null ? new StringBuilder() : reasoning).append(thinking.text());
      } else if (part instanceof Part.ToolCall call) {
        calls.add(OpenAiRequestEncoder.toolCall(call));
      }
    }
    boolean hasText = response.content().stream().anyMatch(part -> part instanceof Part.Text);
    // OpenAI answers content null beside tool calls, and "" when the model said nothing at all
    String content = hasText ? text.toString() : calls.isEmpty() ? "" : null;
    JsonObject message = new JsonObject().put("role", "assistant").put("content", content);
    if (reasoning != null) {
      message.put("reasoning_content", reasoning.toString());
    }
    if (!calls.isEmpty()) {
      message.put("tool_calls", calls);
    }
    message.putNull("refusal");
    JsonObject choice = new JsonObject().put("index", 0).put("message", message).putNull("logprobs")
      .put("finish_reason", OpenAiFinishReasons.fromCanonical(response.stopReason()));
    JsonObject body = new JsonObject().put("id", completionId(response.id())).put("object", "chat.completion")
      .put("created", created).put("model", model).put("choices", new JsonArray().add(choice));
    if (response.usage() != null) {
      body.put("usage", OpenAiUsageJson.write(response.usage()));
    }
    return body;
  }

  /** OpenAI's id shape: the upstream's id kept when it already is one, else prefixed so SDKs see the usual form. */
  static String completionId(String id) {
    if (id == null || id.isEmpty()) {
      return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    }
    return id.startsWith("chatcmpl-") ? id : "chatcmpl-" + id;
  }

  private static String arguments(JsonObject function) {
    Object arguments = function.getValue("arguments");
    if (arguments instanceof String s) {
      return s;
    }
    // some compatible servers send the arguments as an object rather than its text
    return arguments instanceof JsonObject object ? object.encode() : "{}";
  }

  private static String string(JsonObject json, String field) {
    return json.getValue(field) instanceof String s ? s : null;
  }
}

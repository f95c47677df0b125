package io.switchboard.dialects.anthropic;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.Part;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * Complete Messages API answers to the canonical model and back. Server-tool blocks and citations have no
 * canonical form and are dropped on decode, as are the usage details {@link AnthropicUsage} names.
 */
final class AnthropicResponses {
  private AnthropicResponses() {
  }

  static ChatResponse decode(JsonObject body) {
    try {
      String id = AnthropicFields.string(body, "id", "id");
      String model = AnthropicFields.string(body, "model", "model");
      List<Part> content = AnthropicContent.decodeAll(body.getValue("content"), "content", new HashMap<>());
      String reason = AnthropicFields.string(body, "stop_reason", "stop_reason");
      String sequence = AnthropicFields.string(body, "stop_sequence", "stop_sequence");
      return new ChatResponse(id, model, content, AnthropicStopReasons.decode(reason),
        AnthropicStopReasons.detail(reason, sequence), AnthropicUsage.decode(body.getValue("usage")));
    } catch (GatewayException malformed) {
      // the upstream, not the client, sent this: not a client error
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "malformed upstream response: " + malformed.getMessage());
    }
  }

  /** In Anthropic's field order; stop_reason and stop_sequence are always present, null when unset. */
  static JsonObject encode(ChatResponse response, String model) {
    JsonArray content = new JsonArray();
    for (Part part : response.content()) {
      // a response carries only what a model writes: no tool results, and images only by being dropped
      if (!(part instanceof Part.ToolResult) && !(part instanceof Part.Image)) {
        content.add(AnthropicContent.encode(part));
      }
    }
    return new JsonObject().put("id", messageId(response.id())).put("type", "message").put("role", "assistant")
      .put("model", model != null ? model : response.model()).put("content", content)
      .put("stop_reason", AnthropicStopReasons.encode(response.stopReason(), response.stopDetail()))
      .put("stop_sequence", AnthropicStopReasons.stopSequence(response.stopReason(), response.stopDetail()))
      .put("usage", AnthropicUsage.encode(response.usage()));
  }

  /** Anthropic ids start with msg_ and SDKs and logs expect it: another provider's id gets the prefix. */
  static String messageId(String id) {
    if (id == null || id.isEmpty()) {
      return "msg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
    return id.startsWith("msg_") ? id : "msg_" + id;
  }
}

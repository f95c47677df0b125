package io.switchboard.dialects.openai;

import static io.switchboard.dialects.openai.OpenAiRequestFields.array;
import static io.switchboard.dialects.openai.OpenAiRequestFields.element;
import static io.switchboard.dialects.openai.OpenAiRequestFields.invalidType;
import static io.switchboard.dialects.openai.OpenAiRequestFields.invalidValue;
import static io.switchboard.dialects.openai.OpenAiRequestFields.missing;
import static io.switchboard.dialects.openai.OpenAiRequestFields.requiredObject;
import static io.switchboard.dialects.openai.OpenAiRequestFields.requiredString;
import static io.switchboard.dialects.openai.OpenAiRequestFields.string;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a Chat Completions {@code messages} array into canonical system parts and turns. System and developer
 * messages go to the system parts wherever they stand (canonical has one system prompt); tool messages become
 * tool results of one USER turn, which a following user message joins, as Anthropic wants them side by side.
 */
final class OpenAiMessageDecoder {
  /** What the messages array decodes to. */
  record Decoded(List<Part> system, List<Message> messages) {
  }

  private record Turn(Role role, List<Part> parts) {
  }

  private final List<Part> system = new ArrayList<>();
  private final List<Turn> turns = new ArrayList<>();
  private final Map<String, String> toolNames = new HashMap<>();
  private Turn toolTurn; // the USER turn collecting tool results, until another turn starts

  private OpenAiMessageDecoder() {
  }

  static Decoded decode(JsonArray messages) {
    OpenAiMessageDecoder decoder = new OpenAiMessageDecoder();
    for (int i = 0; i < messages.size(); i++) {
      decoder.message(element(messages, i, "messages"), "messages[" + i + "]");
    }
    List<Message> result = new ArrayList<>(decoder.turns.size());
    for (Turn turn : decoder.turns) {
      // a turn left empty by dropped parts (audio, files) would be rejected by every upstream
      if (!turn.parts().isEmpty()) {
        result.add(new Message(turn.role(), turn.parts()));
      }
    }
    return new Decoded(decoder.system, result);
  }

  private void message(JsonObject message, String path) {
    String role = requiredString(message, "role", path + ".role");
    switch (role) {
      case "system", "developer" -> system.addAll(textParts(message, path + ".content", true));
      case "user" -> user(message, path);
      case "assistant" -> assistant(message, path);
      case "tool" -> tool(message, path);
      case "function" -> throw new GatewayException(ErrorKind.BAD_REQUEST, "Invalid value for '" + path
        + ".role': 'function' (deprecated function calling) cannot be converted for this model; use 'tools'.");
      default -> throw invalidValue(path + ".role", role, "'system', 'developer', 'user', 'assistant', and 'tool'");
    }
  }

  private void user(JsonObject message, String path) {
    List<Part> parts = userParts(message.getValue("content"), path + ".content");
    if (toolTurn != null) {
      toolTurn.parts().addAll(parts);
      toolTurn = null;
    } else {
      turns.add(new Turn(Role.USER, parts));
    }
  }

  private void assistant(JsonObject message, String path) {
    toolTurn = null;
    List<Part> parts = new ArrayList<>();
    // DeepSeek, vLLM and LiteLLM send reasoning back this way; it came before the answer
    String reasoning = string(message, "reasoning_content", path + ".reasoning_content");
    if (reasoning != null && !reasoning.isEmpty()) {
      parts.add(new Part.Thinking(reasoning, null));
    }
    Object content = message.getValue("content");
    if (content instanceof String text) {
      if (!text.isEmpty()) { // OpenAI clients send "" beside tool calls; an empty block upsets other upstreams
        parts.add(Part.Text.of(text));
      }
    } else if (content instanceof JsonArray list) {
      for (int i = 0; i < list.size(); i++) {
        String partPath = path + ".content[" + i + "]";
        JsonObject part = element(list, i, path + ".content");
        String type = requiredString(part, "type", partPath + ".type");
        switch (type) {
          case "text" -> parts.add(Part.Text.of(requiredString(part, "text", partPath + ".text")));
          case "refusal" -> { } // the model's own refusal; no other dialect takes it back
          default -> throw invalidValue(partPath + ".type", type, "'text' and 'refusal'");
        }
      }
    } else if (content != null) {
      throw invalidType(path + ".content", "a string or an array of content parts");
    }
    JsonArray calls = array(message, "tool_calls", path + ".tool_calls");
    for (int i = 0; calls != null && i < calls.size(); i++) {
      parts.add(toolCall(element(calls, i, path + ".tool_calls"), path + ".tool_calls[" + i + "]"));
    }
    turns.add(new Turn(Role.ASSISTANT, parts));
  }

  private Part.ToolCall toolCall(JsonObject call, String path) {
    String id = requiredString(call, "id", path + ".id");
    String type = string(call, "type", path + ".type");
    if (type != null && !type.equals("function")) {
      throw invalidValue(path + ".type", type, "'function'");
    }
    JsonObject function = requiredObject(call, "function", path + ".function");
    String name = requiredString(function, "name", path + ".function.name");
    String arguments = string(function, "arguments", path + ".function.arguments");
    toolNames.put(id, name);
    return new Part.ToolCall(id, name, arguments == null ? "{}" : arguments);
  }

  private void tool(JsonObject message, String path) {
    String id = requiredString(message, "tool_call_id", path + ".tool_call_id");
    String name = toolNames.get(id);
    if (name == null) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "Invalid parameter: messages with role 'tool' must be a "
        + "response to a preceding message with 'tool_calls' ('" + path + ".tool_call_id' is '" + id + "').");
    }
    List<Part> content = textParts(message, path + ".content", false);
    if (toolTurn == null) {
      toolTurn = new Turn(Role.USER, new ArrayList<>());
      turns.add(toolTurn);
    }
    toolTurn.parts().add(new Part.ToolResult(id, name, content, false));
  }

  /** Content that may only be text: a string or text parts (system, developer and tool messages). */
  private static List<Part> textParts(JsonObject message, String path, boolean required) {
    Object content = message.getValue("content");
    if (content instanceof String text) {
      return List.of(Part.Text.of(text));
    }
    if (content == null) {
      if (required) {
        throw missing(path);
      }
      return List.of();
    }
    if (!(content instanceof JsonArray list)) {
      throw invalidType(path, "a string or an array of text parts");
    }
    List<Part> parts = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      JsonObject part = element(list, i, path);
      String type = requiredString(part, "type", path + "[" + i + "].type");
      if (!type.equals("text")) {
        throw invalidValue(path + "[" + i + "].type", type, "'text'");
      }
      parts.add(Part.Text.of(requiredString(part, "text", path + "[" + i + "].text")));
    }
    return parts;
  }

  private static List<Part> userParts(Object content, String path) {
    if (content instanceof String text) {
      return new ArrayList<>(List.of(Part.Text.of(text)));
    }
    if (content == null) {
      throw missing(path);
    }
    if (!(content instanceof JsonArray list)) {
      throw invalidType(path, "a string or an array of content parts");
    }
    List<Part> parts = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String partPath = path + "[" + i + "]";
      JsonObject part = element(list, i, path);
      String type = requiredString(part, "type", partPath + ".type");
      switch (type) {
        case "text" -> parts.add(Part.Text.of(requiredString(part, "text", partPath + ".text")));
        case "image_url" -> parts.add(image(part, partPath + ".image_url"));
        case "input_audio", "file" -> { } // no canonical part carries audio or files: dropped by rule
        default -> throw invalidValue(partPath + ".type", type, "'text', 'image_url', 'input_audio', and 'file'");
      }
    }
    return parts;
  }

  private static Part.Image image(JsonObject part, String path) {
    String url;
    String detail = null;
    if (part.getValue("image_url") instanceof String bare) {
      url = bare; // a shorthand some OpenAI-compatible clients send
    } else {
      JsonObject image = requiredObject(part, "image_url", path);
      url = requiredString(image, "url", path + ".url");
      detail = string(image, "detail", path + ".detail");
    }
    return OpenAiImageUrls.part(url, detail, path + ".url");
  }
}

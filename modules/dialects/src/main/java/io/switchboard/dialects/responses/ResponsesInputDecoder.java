package io.switchboard.dialects.responses;

import static io.switchboard.dialects.openai.OpenAiRequestFields.array;
import static io.switchboard.dialects.openai.OpenAiRequestFields.element;
import static io.switchboard.dialects.openai.OpenAiRequestFields.invalidType;
import static io.switchboard.dialects.openai.OpenAiRequestFields.invalidValue;
import static io.switchboard.dialects.openai.OpenAiRequestFields.object;
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
 * Turns a Responses {@code input} (a string, or a list of items) into canonical system parts and turns. System and
 * developer messages join the system prompt wherever they stand; consecutive items of one side form one turn:
 * assistant messages, reasoning and calls an ASSISTANT turn, user messages and call outputs a USER turn.
 * Custom-tool and local-shell calls become tool calls (arguments {@code {"input": ...}} and the shell action), so
 * their outputs still answer a call. Items of OpenAI-run tools, files and OpenAI-encrypted reasoning are left out
 * by {@link OpenAiOnlyFeatures}.
 */
final class ResponsesInputDecoder {
  /** What the input decodes to. */
  record Decoded(List<Part> system, List<Message> messages) {
  }

  private record Turn(Role role, List<Part> parts) {
  }

  private final List<Part> system = new ArrayList<>();
  private final List<Turn> turns = new ArrayList<>();
  private final Map<String, String> toolNames = new HashMap<>();
  private final List<Omission> omissions;
  private final boolean storedHistory;

  private ResponsesInputDecoder(List<Omission> omissions, boolean storedHistory) {
    this.omissions = omissions;
    this.storedHistory = storedHistory;
  }

  /**
   * {@code storedHistory}: the request continues a stored response, so an output may answer a call that is not in
   * this input (its name is then unknown).
   */
  static Decoded decode(Object input, List<Omission> omissions, boolean storedHistory) {
    ResponsesInputDecoder decoder = new ResponsesInputDecoder(omissions, storedHistory);
    if (input instanceof String text) {
      decoder.turn(Role.USER).add(Part.Text.of(text));
    } else if (input instanceof JsonArray items) {
      for (int i = 0; i < items.size(); i++) {
        decoder.item(element(items, i, "input"), "input[" + i + "]");
      }
    } else if (input != null) {
      throw invalidType("input", "a string or an array of input items");
    }
    List<Message> messages = new ArrayList<>(decoder.turns.size());
    for (Turn turn : decoder.turns) {
      if (!turn.parts().isEmpty()) { // a turn left empty by omitted items would be rejected upstream
        messages.add(new Message(turn.role(), turn.parts()));
      }
    }
    return new Decoded(decoder.system, messages);
  }

  private void item(JsonObject item, String path) {
    String type = string(item, "type", path + ".type");
    if (type == null) {
      type = "message"; // the short form: {"role": ..., "content": ...}
    }
    switch (type) {
      case "message" -> message(item, path);
      case "function_call" -> call(requiredString(item, "call_id", path + ".call_id"),
        requiredString(item, "name", path + ".name"), arguments(item, path));
      case "custom_tool_call" -> call(requiredString(item, "call_id", path + ".call_id"),
        requiredString(item, "name", path + ".name"),
        new JsonObject().put("input", requiredString(item, "input", path + ".input")).encode());
      case "local_shell_call" -> call(callId(item, path), "local_shell",
        object(item, "action", path + ".action") == null ? "{}" : item.getJsonObject("action").encode());
      case "function_call_output", "custom_tool_call_output" ->
        output(requiredString(item, "call_id", path + ".call_id"), item.getValue("output"), path + ".output");
      case "local_shell_call_output" -> output(callId(item, path), item.getValue("output"), path + ".output");
      case "reasoning" -> reasoning(item, path);
      default -> omissions.add(OpenAiOnlyFeatures.item(path, type));
    }
  }

  private void message(JsonObject item, String path) {
    String role = requiredString(item, "role", path + ".role");
    String contentPath = path + ".content";
    Object content = item.getValue("content");
    if (content == null) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "Missing required parameter: '" + contentPath + "'.");
    }
    switch (role) {
      case "system", "developer" -> system.addAll(ResponsesContent.read(content, contentPath, omissions));
      case "user" -> turn(Role.USER).addAll(ResponsesContent.read(content, contentPath, omissions));
      case "assistant" -> turn(Role.ASSISTANT).addAll(ResponsesContent.read(content, contentPath, omissions));
      default -> throw invalidValue(path + ".role", role, "'user', 'assistant', 'system', and 'developer'");
    }
  }

  private void call(String callId, String name, String arguments) {
    toolNames.put(callId, name);
    turn(Role.ASSISTANT).add(new Part.ToolCall(callId, name, arguments));
  }

  private void output(String callId, Object output, String path) {
    String name = toolNames.get(callId);
    if (name == null && !storedHistory) {
      throw new GatewayException(ErrorKind.BAD_REQUEST,
        "No tool call found for function call output with call_id " + callId + ".");
    }
    if (output == null) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "Missing required parameter: '" + path + "'.");
    }
    turn(Role.USER).add(new Part.ToolResult(callId, name, ResponsesContent.read(output, path, omissions), false));
  }

  /**
   * Summaries (or, from open-weight models, the raw reasoning text) become thinking; the encrypted content is its
   * signature, or redacted thinking when there is no text. OpenAI's own encryption is left out: no converted
   * upstream can read it, and Anthropic would refuse the request over it.
   */
  private void reasoning(JsonObject item, String path) {
    for (String list : List.of("summary", "content")) {
      JsonArray parts = array(item, list, path + "." + list);
      for (int i = 0; parts != null && i < parts.size(); i++) {
        requiredString(element(parts, i, path + "." + list), "text", path + "." + list + "[" + i + "].text");
      }
    }
    String text = ResponsesAnswers.summary(item);
    String encrypted = string(item, "encrypted_content", path + ".encrypted_content");
    if (OpenAiOnlyFeatures.isOpenAiEncrypted(encrypted)) {
      omissions.add(OpenAiOnlyFeatures.encryptedReasoning(path + ".encrypted_content"));
      encrypted = null;
    }
    if (!text.isEmpty()) {
      turn(Role.ASSISTANT).add(new Part.Thinking(text, encrypted));
    } else if (encrypted != null && !encrypted.isEmpty()) {
      turn(Role.ASSISTANT).add(new Part.RedactedThinking(encrypted));
    }
  }

  private static String arguments(JsonObject item, String path) {
    String arguments = string(item, "arguments", path + ".arguments");
    return arguments == null || arguments.isEmpty() ? "{}" : arguments;
  }

  /** Local shell calls name their call by call_id in the Responses API, by id in older transcripts. */
  private static String callId(JsonObject item, String path) {
    String callId = string(item, "call_id", path + ".call_id");
    return callId != null ? callId : requiredString(item, "id", path + ".call_id");
  }

  /** The open turn of this role, or a new one when the other side spoke last. */
  private List<Part> turn(Role role) {
    if (turns.isEmpty() || turns.get(turns.size() - 1).role() != role) {
      turns.add(new Turn(role, new ArrayList<>()));
    }
    return turns.get(turns.size() - 1).parts();
  }
}

package io.switchboard.dialects.anthropic;

import static io.switchboard.dialects.anthropic.AnthropicFields.array;
import static io.switchboard.dialects.anthropic.AnthropicFields.bad;
import static io.switchboard.dialects.anthropic.AnthropicFields.bool;
import static io.switchboard.dialects.anthropic.AnthropicFields.element;
import static io.switchboard.dialects.anthropic.AnthropicFields.integer;
import static io.switchboard.dialects.anthropic.AnthropicFields.number;
import static io.switchboard.dialects.anthropic.AnthropicFields.object;
import static io.switchboard.dialects.anthropic.AnthropicFields.requiredString;
import static io.switchboard.dialects.anthropic.AnthropicFields.string;

import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.Role;
import io.switchboard.api.chat.ThinkingConfig;
import io.switchboard.api.chat.Tool;
import io.switchboard.api.chat.ToolChoice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Messages API request into the canonical model. What the model has no room for is left behind: tools
 * without an input_schema (Anthropic's server tools), cache_control on tools and non-text blocks, metadata other
 * than user_id, and request fields such as service_tier, container, mcp_servers and context_management (these
 * matter only to Anthropic, where the body is passed through untouched instead).
 */
final class AnthropicRequestDecoder {
  private AnthropicRequestDecoder() {
  }

  static CanonicalRequest decode(JsonObject body, String model, boolean stream) {
    if (body == null) {
      throw bad("body", "Input should be a valid dictionary");
    }
    String name = model != null ? model : string(body, "model", "model");
    if (name == null || name.isBlank()) {
      throw bad("model", "Field required");
    }
    Integer maxTokens = integer(body, "max_tokens", "max_tokens");
    if (maxTokens == null) {
      throw bad("max_tokens", "Field required");
    }
    JsonArray messages = array(body, "messages", "messages");
    if (messages == null) {
      throw bad("messages", "Field required");
    }
    if (messages.isEmpty()) {
      throw bad("messages", "at least one message is required");
    }
    List<Part> system = new ArrayList<>(system(body.getValue("system")));
    Map<String, String> toolNames = new HashMap<>();
    List<Message> turns = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      String path = "messages." + i;
      JsonObject message = element(messages, i, "messages");
      String role = requiredString(message, "role", path + ".role");
      if (!message.containsKey("content")) {
        throw bad(path + ".content", "Field required");
      }
      List<Part> parts = AnthropicContent.decodeAll(message.getValue("content"), path + ".content", toolNames);
      switch (role) {
        // newer Claude Code sends a system-role turn inside messages: it joins the system prompt
        case "system" -> system.addAll(parts);
        case "user" -> add(turns, Role.USER, parts);
        case "assistant" -> add(turns, Role.ASSISTANT, parts);
        default -> throw bad(path + ".role", "Input should be 'user' or 'assistant'");
      }
    }
    JsonObject metadata = object(body, "metadata", "metadata");
    String user = metadata == null ? null : string(metadata, "user_id", "metadata.user_id");
    boolean streaming = stream || Boolean.TRUE.equals(bool(body, "stream", "stream"));
    return new CanonicalRequest(name, system, turns, tools(array(body, "tools", "tools")), toolChoice(body),
      maxTokens, number(body, "temperature", "temperature"), number(body, "top_p", "top_p"),
      integer(body, "top_k", "top_k"), stopSequences(array(body, "stop_sequences", "stop_sequences")), null, null,
      thinking(body), user, streaming);
  }

  /** A turn whose every block was dropped (e.g. only a document) is left out rather than sent empty. */
  private static void add(List<Message> turns, Role role, List<Part> parts) {
    if (!parts.isEmpty()) {
      turns.add(new Message(role, parts));
    }
  }

  private static List<Part> system(Object system) {
    if (system == null) {
      return List.of();
    }
    if (system instanceof String text) {
      return List.of(Part.Text.of(text));
    }
    if (!(system instanceof JsonArray blocks)) {
      throw bad("system", "Input should be a valid string or list");
    }
    List<Part> parts = new ArrayList<>(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      JsonObject block = element(blocks, i, "system");
      String type = requiredString(block, "type", "system." + i + ".type");
      if (!type.equals("text")) {
        throw bad("system." + i + ".type", "Input should be 'text'");
      }
      parts.add(new Part.Text(requiredString(block, "text", "system." + i + ".text"),
        object(block, "cache_control", "system." + i + ".cache_control")));
    }
    return parts;
  }

  private static List<Tool> tools(JsonArray tools) {
    if (tools == null) {
      return List.of();
    }
    List<Tool> out = new ArrayList<>(tools.size());
    for (int i = 0; i < tools.size(); i++) {
      String path = "tools." + i;
      JsonObject tool = element(tools, i, "tools");
      JsonObject schema = object(tool, "input_schema", path + ".input_schema");
      if (schema == null) {
        continue; // a server tool (web_search, bash, text_editor...): Anthropic runs it, no other upstream can
      }
      out.add(new Tool(requiredString(tool, "name", path + ".name"),
        string(tool, "description", path + ".description"), schema));
    }
    return out;
  }

  private static ToolChoice toolChoice(JsonObject body) {
    JsonObject choice = object(body, "tool_choice", "tool_choice");
    if (choice == null) {
      return null;
    }
    Boolean disableParallel = bool(choice, "disable_parallel_tool_use", "tool_choice.disable_parallel_tool_use");
    Boolean parallel = disableParallel == null ? null : !disableParallel;
    String type = requiredString(choice, "type", "tool_choice.type");
    return switch (type) {
      case "auto" -> new ToolChoice(ToolChoice.Mode.AUTO, null, parallel);
      case "any" -> new ToolChoice(ToolChoice.Mode.ANY, null, parallel);
      case "none" -> new ToolChoice(ToolChoice.Mode.NONE, null, parallel);
      case "tool" -> new ToolChoice(ToolChoice.Mode.NAMED, requiredString(choice, "name", "tool_choice.name"),
        parallel);
      default -> throw bad("tool_choice.type", "Input should be 'auto', 'any', 'tool' or 'none'");
    };
  }

  private static List<String> stopSequences(JsonArray stops) {
    if (stops == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(stops.size());
    for (int i = 0; i < stops.size(); i++) {
      if (!(stops.getValue(i) instanceof String stop)) {
        throw bad("stop_sequences." + i, "Input should be a valid string");
      }
      out.add(stop);
    }
    return out;
  }

  /**
   * {@code enabled} with its budget, {@code adaptive} (with output_config.effort when given, the effort that
   * steers it), or {@code disabled}.
   */
  private static ThinkingConfig thinking(JsonObject body) {
    JsonObject thinking = object(body, "thinking", "thinking");
    if (thinking == null) {
      return null;
    }
    String type = requiredString(thinking, "type", "thinking.type");
    switch (type) {
      case "enabled":
        Integer budget = integer(thinking, "budget_tokens", "thinking.budget_tokens");
        if (budget == null) {
          throw bad("thinking.budget_tokens", "Field required");
        }
        return new ThinkingConfig(true, budget, null, false);
      case "adaptive":
        JsonObject output = object(body, "output_config", "output_config");
        String effort = output == null ? null : string(output, "effort", "output_config.effort");
        return new ThinkingConfig(true, null, effort, true);
      case "disabled":
        return new ThinkingConfig(false, null, null, false);
      default:
        throw bad("thinking.type", "Input should be 'enabled', 'adaptive' or 'disabled'");
    }
  }
}

package io.switchboard.dialects.anthropic;

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
import java.util.List;

/**
 * Writes a canonical request as a Messages API body. Anthropic cannot express {@code response_format} or
 * {@code seed}: both are dropped. Its own rules are kept so a converted request is never rejected: max_tokens is
 * always sent, roles alternate, tool results lead their turn, only signed thinking goes back, and thinking gives
 * way to sampling limits it forbids.
 */
final class AnthropicRequestEncoder {
  /** What Anthropic requires and the client did not say. */
  static final int DEFAULT_MAX_TOKENS = 4096;
  /** Anthropic's smallest thinking budget. */
  static final int MIN_BUDGET = 1024;

  private AnthropicRequestEncoder() {
  }

  static JsonObject encode(CanonicalRequest request) {
    ThinkingConfig thinking = request.thinking();
    Integer budget = budget(thinking);
    if (forcedToolUse(request.toolChoice()) && (budget != null || thinking != null && thinking.adaptive())) {
      thinking = null;
      budget = null;
    }
    int maxTokens;
    if (request.maxTokens() != null) {
      maxTokens = request.maxTokens();
      if (budget != null && budget >= maxTokens) {
        // OpenAI's max_completion_tokens, like max_tokens here, includes the reasoning: shrink the budget to fit
        budget = maxTokens - 1 >= MIN_BUDGET ? maxTokens - 1 : null;
        thinking = budget == null ? null : thinking;
      }
    } else {
      maxTokens = budget == null ? DEFAULT_MAX_TOKENS : budget + DEFAULT_MAX_TOKENS;
    }
    boolean thinks = thinking != null && (thinking.adaptive() || budget != null);

    JsonObject body = new JsonObject().put("model", request.model()).put("max_tokens", maxTokens);
    Object system = system(request.system());
    if (system != null) {
      body.put("system", system);
    }
    body.put("messages", messages(request.messages()));
    if (!request.tools().isEmpty()) {
      body.put("tools", tools(request.tools()));
      if (request.toolChoice() != null) {
        body.put("tool_choice", toolChoice(request.toolChoice()));
      }
    }
    if (thinking != null) {
      putThinking(body, thinking, budget);
    }
    // with thinking on, Anthropic rejects temperature other than 1, any top_k, and top_p below 0.95
    if (request.temperature() != null && (!thinks || request.temperature() == 1.0)) {
      body.put("temperature", request.temperature());
    }
    if (request.topP() != null && (!thinks || request.topP() >= 0.95)) {
      body.put("top_p", request.topP());
    }
    if (request.topK() != null && !thinks) {
      body.put("top_k", request.topK());
    }
    if (!request.stop().isEmpty()) {
      body.put("stop_sequences", new JsonArray(new ArrayList<>(request.stop())));
    }
    if (request.user() != null) {
      body.put("metadata", new JsonObject().put("user_id", request.user()));
    }
    if (request.stream()) {
      body.put("stream", true);
    }
    return body;
  }

  /** Anthropic refuses thinking while tool_choice forces a tool: the client's explicit choice wins over it. */
  private static boolean forcedToolUse(ToolChoice choice) {
    return choice != null && (choice.mode() == ToolChoice.Mode.ANY || choice.mode() == ToolChoice.Mode.NAMED);
  }

  /** The budget_tokens to send, or null for adaptive or disabled thinking. */
  static Integer budget(ThinkingConfig thinking) {
    if (thinking == null || thinking.adaptive()) {
      return null;
    }
    if (thinking.budget() != null) {
      return thinking.enabled() ? Math.max(MIN_BUDGET, thinking.budget()) : null;
    }
    if (thinking.effort() != null) {
      return effortBudget(thinking.effort());
    }
    return thinking.enabled() ? effortBudget("medium") : null;
  }

  /** OpenAI's reasoning_effort as a thinking budget; "none" means no thinking (null). */
  static Integer effortBudget(String effort) {
    return switch (effort) {
      case "none" -> null;
      case "minimal", "low" -> MIN_BUDGET;
      case "high", "xhigh", "max" -> 24576;
      default -> 8192;
    };
  }

  private static void putThinking(JsonObject body, ThinkingConfig thinking, Integer budget) {
    if (thinking.adaptive()) {
      body.put("thinking", new JsonObject().put("type", "adaptive"));
      if (thinking.effort() != null) {
        body.put("output_config", new JsonObject().put("effort", thinking.effort()));
      }
    } else if (budget != null) {
      body.put("thinking", new JsonObject().put("type", "enabled").put("budget_tokens", budget));
    } else {
      body.put("thinking", new JsonObject().put("type", "disabled"));
    }
  }

  /** A string when it is one plain text; blocks otherwise. Non-text system parts have no place in Anthropic. */
  private static Object system(List<Part> system) {
    List<Part> texts = system.stream().filter(part -> part instanceof Part.Text).toList();
    if (texts.isEmpty()) {
      return null;
    }
    return AnthropicContent.encodeAll(texts);
  }

  /** Consecutive turns of one role merged (Anthropic requires alternation); tool results first in a turn. */
  private static JsonArray messages(List<Message> messages) {
    List<Role> roles = new ArrayList<>();
    List<List<Part>> turns = new ArrayList<>();
    for (Message message : messages) {
      List<Part> parts = message.parts().stream().filter(AnthropicRequestEncoder::sendable).toList();
      if (parts.isEmpty()) {
        continue;
      }
      if (!roles.isEmpty() && roles.get(roles.size() - 1) == message.role()) {
        turns.get(turns.size() - 1).addAll(parts);
      } else {
        roles.add(message.role());
        turns.add(new ArrayList<>(parts));
      }
    }
    JsonArray out = new JsonArray();
    for (int i = 0; i < turns.size(); i++) {
      List<Part> parts = new ArrayList<>(turns.get(i));
      // Anthropic rejects a user turn where text comes before the tool results it answers
      parts.sort((a, b) -> Boolean.compare(!(a instanceof Part.ToolResult), !(b instanceof Part.ToolResult)));
      String role = roles.get(i) == Role.USER ? "user" : "assistant";
      out.add(new JsonObject().put("role", role).put("content", AnthropicContent.encodeAll(parts)));
    }
    return out;
  }

  /**
   * Thinking without a signature (another provider's reasoning) would be rejected: only Anthropic-signed
   * thinking travels back. Images with neither URL nor data carry nothing.
   */
  private static boolean sendable(Part part) {
    if (part instanceof Part.Thinking thinking) {
      return thinking.signature() != null && !thinking.signature().isEmpty();
    }
    if (part instanceof Part.Image image) {
      return image.inline() || image.url() != null;
    }
    return true;
  }

  private static JsonArray tools(List<Tool> tools) {
    JsonArray out = new JsonArray();
    for (Tool tool : tools) {
      JsonObject entry = new JsonObject().put("name", tool.name());
      if (tool.description() != null) {
        entry.put("description", tool.description());
      }
      // Anthropic requires an object schema; a function declared without parameters takes none
      JsonObject schema = tool.parameters() == null ? new JsonObject().put("type", "object")
        : tool.parameters().copy();
      out.add(entry.put("input_schema", schema));
    }
    return out;
  }

  private static JsonObject toolChoice(ToolChoice choice) {
    JsonObject out = new JsonObject();
    switch (choice.mode()) {
      case AUTO -> out.put("type", "auto");
      case ANY -> out.put("type", "any");
      case NAMED -> out.put("type", "tool").put("name", choice.name());
      case NONE -> {
        return out.put("type", "none"); // Anthropic's none takes no parallel flag
      }
    }
    if (choice.parallel() != null) {
      out.put("disable_parallel_tool_use", !choice.parallel());
    }
    return out;
  }
}

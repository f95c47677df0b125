package io.switchboard.adapters.ollama;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.ResponseFormat;
import io.switchboard.api.chat.Role;
import io.switchboard.api.chat.ThinkingConfig;
import io.switchboard.api.chat.Tool;
import io.switchboard.api.chat.ToolChoice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A canonical request as Ollama's {@code /api/chat} body: {@code model}, {@code messages} (system, user with inline
 * {@code images}, assistant with {@code thinking} and {@code tool_calls}, {@code tool} answers), {@code tools},
 * {@code stream}, sampling in {@code options}, {@code format} for JSON output and {@code think}. Ollama has no tool
 * choice but "none" (tools left out), no signed reasoning and no image URLs (refused: it takes base64 only).
 */
final class OllamaRequests {
  private OllamaRequests() {
  }

  static JsonObject encode(CanonicalRequest request) {
    JsonArray messages = new JsonArray();
    String system = texts(request.system());
    if (!system.isEmpty()) {
      messages.add(new JsonObject().put("role", "system").put("content", system));
    }
    for (Message message : request.messages()) {
      if (message.role() == Role.USER) {
        addUser(messages, message.parts());
      } else {
        messages.add(assistant(message.parts()));
      }
    }
    JsonObject body = new JsonObject().put("model", request.model()).put("messages", messages)
      .put("stream", request.stream());
    boolean toolsOff = request.toolChoice() != null && request.toolChoice().mode() == ToolChoice.Mode.NONE;
    if (!request.tools().isEmpty() && !toolsOff) {
      body.put("tools", new JsonArray(request.tools().stream().map(OllamaRequests::tool).toList()));
    }
    JsonObject options = options(request);
    if (!options.isEmpty()) {
      body.put("options", options);
    }
    ResponseFormat format = request.responseFormat();
    if (format != null && format.kind() == ResponseFormat.Kind.JSON_OBJECT) {
      body.put("format", "json");
    } else if (format != null && format.kind() == ResponseFormat.Kind.JSON_SCHEMA && format.schema() != null) {
      body.put("format", format.schema());
    }
    ThinkingConfig thinking = request.thinking();
    if (thinking != null) {
      body.put("think", thinking.enabled() || thinking.adaptive() || thinking.effort() != null);
    }
    return body;
  }

  private static JsonObject options(CanonicalRequest request) {
    JsonObject options = new JsonObject();
    putIfSet(options, "temperature", request.temperature());
    putIfSet(options, "top_p", request.topP());
    putIfSet(options, "top_k", request.topK());
    putIfSet(options, "num_predict", request.maxTokens());
    putIfSet(options, "seed", request.seed());
    if (!request.stop().isEmpty()) {
      options.put("stop", new JsonArray(request.stop()));
    }
    return options;
  }

  /** Tool answers first (each a {@code tool} message), then what the user wrote with its images. */
  private static void addUser(JsonArray messages, List<Part> parts) {
    StringBuilder text = new StringBuilder();
    JsonArray images = new JsonArray();
    for (Part part : parts) {
      if (part instanceof Part.ToolResult result) {
        messages.add(new JsonObject().put("role", "tool").put("content", texts(result.content()))
          .put("tool_name", result.toolName()));
      } else if (part instanceof Part.Text t) {
        text.append(t.text());
      } else if (part instanceof Part.Image image) {
        if (!image.inline()) {
          throw new GatewayException(ErrorKind.BAD_REQUEST, "Ollama takes images inline (base64), not by URL");
        }
        images.add(image.data());
      }
    }
    if (text.length() > 0 || !images.isEmpty()) {
      JsonObject user = new JsonObject().put("role", "user").put("content", text.toString());
      if (!images.isEmpty()) {
        user.put("images", images);
      }
      messages.add(user);
    }
  }

  private static JsonObject assistant(List<Part> parts) {
    StringBuilder text = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    JsonArray calls = new JsonArray();
    for (Part part : parts) {
      if (part instanceof Part.Text t) {
        text.append(t.text());
      } else if (part instanceof Part.Thinking t) {
        thinking.append(t.text());
      } else if (part instanceof Part.ToolCall call) {
        calls.add(new JsonObject().put("function", new JsonObject().put("name", call.name())
          .put("arguments", arguments(call.arguments()))));
      }
    }
    JsonObject assistant = new JsonObject().put("role", "assistant").put("content", text.toString());
    if (thinking.length() > 0) {
      assistant.put("thinking", thinking.toString());
    }
    if (!calls.isEmpty()) {
      assistant.put("tool_calls", calls);
    }
    return assistant;
  }

  private static JsonObject tool(Tool tool) {
    JsonObject function = new JsonObject().put("name", tool.name())
      .put("parameters", tool.parameters() == null ? new JsonObject().put("type", "object") : tool.parameters());
    if (tool.description() != null) {
      function.put("description", tool.description());
    }
    return new JsonObject().put("type", "function").put("function", function);
  }

  /** Ollama wants a call's arguments as an object; the canonical model keeps them as the JSON text generated. */
  private static JsonObject arguments(String text) {
    try {
      return text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
    } catch (RuntimeException notAnObject) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "a tool call's arguments are not a JSON object");
    }
  }

  private static String texts(List<Part> parts) {
    StringBuilder text = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Part.Text t) {
        text.append(text.length() == 0 ? "" : "\n").append(t.text());
      }
    }
    return text.toString();
  }

  private static void putIfSet(JsonObject target, String key, Object value) {
    if (value != null) {
      target.put(key, value);
    }
  }
}

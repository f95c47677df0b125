package io.switchboard.dialects.openai;

import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.ResponseFormat;
import io.switchboard.api.chat.Role;
import io.switchboard.api.chat.Tool;
import io.switchboard.api.chat.ToolChoice;
import io.switchboard.dialects.PartTexts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the Chat Completions body an OpenAI or OpenAI-compatible upstream receives. What OpenAI cannot take is
 * dropped by rule: reasoning (Thinking, RedactedThinking: it takes no reasoning back), top_k, images inside tool
 * results and a tool result's error flag (its text is sent), prompt-cache markers, and tool_choice /
 * parallel_tool_calls when there are no tools (OpenAI rejects them then).
 */
final class OpenAiRequestEncoder {
  private OpenAiRequestEncoder() {
  }

  static JsonObject encode(CanonicalRequest request) {
    JsonObject body = new JsonObject().put("model", request.model());
    JsonArray messages = new JsonArray();
    if (!request.system().isEmpty()) {
      messages.add(new JsonObject().put("role", "system").put("content", PartTexts.joined(request.system(), "\n")));
    }
    for (Message message : request.messages()) {
      if (message.role() == Role.USER) {
        user(message.parts(), messages);
      } else {
        assistant(message.parts(), messages);
      }
    }
    body.put("messages", messages);
    if (!request.tools().isEmpty()) {
      JsonArray tools = new JsonArray();
      request.tools().forEach(tool -> tools.add(tool(tool)));
      body.put("tools", tools);
      ToolChoice choice = request.toolChoice();
      if (choice != null) {
        body.put("tool_choice", toolChoice(choice));
        if (choice.parallel() != null) {
          body.put("parallel_tool_calls", choice.parallel());
        }
      }
    }
    putIfSet(body, "max_completion_tokens", request.maxTokens());
    putIfSet(body, "temperature", request.temperature());
    putIfSet(body, "top_p", request.topP());
    if (!request.stop().isEmpty()) {
      body.put("stop", new JsonArray(new ArrayList<>(request.stop())));
    }
    putIfSet(body, "seed", request.seed());
    putIfSet(body, "response_format", responseFormat(request.responseFormat()));
    putIfSet(body, "reasoning_effort", OpenAiReasoning.effort(request.thinking(), request.model()));
    putIfSet(body, "user", request.user());
    if (request.stream()) {
      // always asked for: the gateway records usage whether or not the client wanted it
      body.put("stream", true).put("stream_options", new JsonObject().put("include_usage", true));
    }
    return body;
  }

  /** Tool results first, one "tool" message each, then what else the turn says as a user message. */
  private static void user(List<Part> parts, JsonArray messages) {
    JsonArray content = new JsonArray();
    for (Part part : parts) {
      if (part instanceof Part.ToolResult result) {
        messages.add(new JsonObject().put("role", "tool").put("tool_call_id", result.toolCallId())
          .put("content", PartTexts.joined(result.content(), "\n")));
      } else if (part instanceof Part.Text text) {
        content.add(new JsonObject().put("type", "text").put("text", text.text()));
      } else if (part instanceof Part.Image image) {
        content.add(image(image));
      }
    }
    if (content.isEmpty()) {
      return;
    }
    boolean plain = content.size() == 1 && content.getJsonObject(0).getString("type").equals("text");
    messages.add(new JsonObject().put("role", "user")
      .put("content", plain ? content.getJsonObject(0).getString("text") : content));
  }

  private static void assistant(List<Part> parts, JsonArray messages) {
    List<Part> texts = new ArrayList<>();
    JsonArray calls = new JsonArray();
    for (Part part : parts) {
      if (part instanceof Part.Text text) {
        texts.add(text);
      } else if (part instanceof Part.ToolCall call) {
        calls.add(toolCall(call));
      }
    }
    if (texts.isEmpty() && calls.isEmpty()) {
      return; // only reasoning: OpenAI rejects an assistant message with neither content nor tool calls
    }
    JsonObject message = new JsonObject().put("role", "assistant");
    // joined as they were streamed: Anthropic splits one answer into text blocks (citations) meant to abut
    message.put("content", texts.isEmpty() ? null : PartTexts.joined(texts, ""));
    if (!calls.isEmpty()) {
      message.put("tool_calls", calls);
    }
    messages.add(message);
  }

  static JsonObject toolCall(Part.ToolCall call) {
    return new JsonObject().put("id", call.id()).put("type", "function").put("function",
      new JsonObject().put("name", call.name()).put("arguments", call.arguments() == null ? "{}" : call.arguments()));
  }

  private static JsonObject image(Part.Image image) {
    String url = image.inline() ? "data:" + image.mediaType() + ";base64," + image.data() : image.url();
    JsonObject imageUrl = new JsonObject().put("url", url);
    putIfSet(imageUrl, "detail", image.detail());
    return new JsonObject().put("type", "image_url").put("image_url", imageUrl);
  }

  private static JsonObject tool(Tool tool) {
    JsonObject function = new JsonObject().put("name", tool.name());
    putIfSet(function, "description", tool.description());
    putIfSet(function, "parameters", tool.parameters());
    return new JsonObject().put("type", "function").put("function", function);
  }

  private static Object toolChoice(ToolChoice choice) {
    return switch (choice.mode()) {
      case AUTO -> "auto";
      case NONE -> "none";
      case ANY -> "required";
      case NAMED -> new JsonObject().put("type", "function")
        .put("function", new JsonObject().put("name", choice.name()));
    };
  }

  private static JsonObject responseFormat(ResponseFormat format) {
    if (format == null) {
      return null;
    }
    return switch (format.kind()) {
      case TEXT -> new JsonObject().put("type", "text");
      case JSON_OBJECT -> new JsonObject().put("type", "json_object");
      case JSON_SCHEMA -> {
        // OpenAI requires a name; Gemini's responseSchema has none
        JsonObject schema = new JsonObject().put("name", format.name() == null ? "response" : format.name());
        putIfSet(schema, "schema", format.schema());
        putIfSet(schema, "strict", format.strict());
        yield new JsonObject().put("type", "json_schema").put("json_schema", schema);
      }
    };
  }

  private static void putIfSet(JsonObject json, String field, Object value) {
    if (value != null) {
      json.put(field, value);
    }
  }
}

package io.switchboard.dialects.responses;

import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.ResponseFormat;
import io.switchboard.api.chat.Role;
import io.switchboard.api.chat.Tool;
import io.switchboard.api.chat.ToolChoice;
import io.switchboard.dialects.PartTexts;
import io.switchboard.dialects.openai.OpenAiReasoning;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Builds the Responses API body an upstream that speaks only Responses receives. The gateway keeps no state, so
 * the whole conversation travels as {@code input} with {@code store: false}. Dropped by rule, as the Responses API
 * has no such parameter: top_k, stop sequences and seed; also prompt-cache markers, images inside tool results and
 * a tool result's error flag (its text is sent), and tool_choice / parallel_tool_calls without tools. Reasoning
 * goes back only as OpenAI-encrypted content ({@link OpenAiOnlyFeatures#isOpenAiEncrypted}): OpenAI refuses
 * reasoning items it cannot decrypt. Function tools are sent with {@code strict: false}, since the Responses API
 * otherwise holds other dialects' schemas to its strict-mode rules and refuses them.
 */
final class ResponsesRequestEncoder {
  private ResponsesRequestEncoder() {
  }

  static JsonObject encode(CanonicalRequest request) {
    JsonObject body = new JsonObject().put("model", request.model());
    String instructions = PartTexts.joined(request.system(), "\n");
    if (!instructions.isEmpty()) {
      body.put("instructions", instructions);
    }
    JsonArray input = new JsonArray();
    for (Message message : request.messages()) {
      if (message.role() == Role.USER) {
        user(message.parts(), input);
      } else {
        message.parts().forEach(part -> assistant(part, input));
      }
    }
    body.put("input", input);
    if (!request.tools().isEmpty()) {
      JsonArray tools = new JsonArray();
      request.tools().forEach(tool -> tools.add(tool(tool)));
      body.put("tools", tools);
      ToolChoice choice = request.toolChoice();
      if (choice != null) {
        body.put("tool_choice", toolChoice(choice));
        putIfSet(body, "parallel_tool_calls", choice.parallel());
      }
    }
    putIfSet(body, "max_output_tokens", request.maxTokens());
    putIfSet(body, "temperature", request.temperature());
    putIfSet(body, "top_p", request.topP());
    if (request.responseFormat() != null) {
      body.put("text", new JsonObject().put("format", format(request.responseFormat())));
    }
    String effort = OpenAiReasoning.effort(request.thinking(), request.model());
    if (effort != null) {
      // no summary asked: OpenAI refuses reasoning summaries to organizations it has not verified
      body.put("reasoning", new JsonObject().put("effort", effort))
        .put("include", new JsonArray().add("reasoning.encrypted_content"));
    }
    putIfSet(body, "user", request.user());
    body.put("store", false);
    if (request.stream()) {
      body.put("stream", true);
    }
    return body;
  }

  /** Tool results first, one function_call_output each, then what else the turn says as one user message. */
  private static void user(List<Part> parts, JsonArray input) {
    JsonArray content = new JsonArray();
    for (Part part : parts) {
      if (part instanceof Part.ToolResult result) {
        input.add(new JsonObject().put("type", "function_call_output").put("call_id", result.toolCallId())
          .put("output", PartTexts.joined(result.content(), "\n")));
      } else if (part instanceof Part.Text text) {
        content.add(new JsonObject().put("type", "input_text").put("text", text.text()));
      } else if (part instanceof Part.Image image) {
        String url = image.inline() ? "data:" + image.mediaType() + ";base64," + image.data() : image.url();
        JsonObject entry = new JsonObject().put("type", "input_image").put("image_url", url);
        content.add(entry.put("detail", image.detail() == null ? "auto" : image.detail()));
      }
    }
    if (!content.isEmpty()) {
      input.add(new JsonObject().put("type", "message").put("role", "user").put("content", content));
    }
  }

  private static void assistant(Part part, JsonArray input) {
    if (part instanceof Part.Text text && !text.text().isEmpty()) {
      input.add(new JsonObject().put("type", "message").put("role", "assistant").put("content",
        new JsonArray().add(new JsonObject().put("type", "output_text").put("text", text.text()))));
    } else if (part instanceof Part.ToolCall call) {
      input.add(new JsonObject().put("type", "function_call").put("call_id", call.id()).put("name", call.name())
        .put("arguments", call.arguments() == null ? "{}" : call.arguments()));
    } else if (part instanceof Part.Thinking thinking && OpenAiOnlyFeatures.isOpenAiEncrypted(thinking.signature())) {
      input.add(reasoning(thinking.text(), thinking.signature()));
    } else if (part instanceof Part.RedactedThinking redacted
      && OpenAiOnlyFeatures.isOpenAiEncrypted(redacted.data())) {
      input.add(reasoning(null, redacted.data()));
    }
  }

  private static JsonObject reasoning(String text, String encrypted) {
    JsonArray summary = new JsonArray();
    if (text != null && !text.isEmpty()) {
      summary.add(ResponsesItems.summaryText(text));
    }
    return new JsonObject().put("type", "reasoning").put("summary", summary).put("encrypted_content", encrypted);
  }

  private static JsonObject tool(Tool tool) {
    JsonObject out = new JsonObject().put("type", "function").put("name", tool.name());
    putIfSet(out, "description", tool.description());
    out.put("parameters", tool.parameters() == null ? new JsonObject().put("type", "object")
      .put("properties", new JsonObject()) : tool.parameters());
    return out.put("strict", false);
  }

  private static Object toolChoice(ToolChoice choice) {
    return switch (choice.mode()) {
      case AUTO -> "auto";
      case NONE -> "none";
      case ANY -> "required";
      case NAMED -> new JsonObject().put("type", "function").put("name", choice.name());
    };
  }

  private static JsonObject format(ResponseFormat format) {
    return switch (format.kind()) {
      case TEXT -> new JsonObject().put("type", "text");
      case JSON_OBJECT -> new JsonObject().put("type", "json_object");
      case JSON_SCHEMA -> {
        // the Responses API requires a name; Gemini's responseSchema has none
        JsonObject out = new JsonObject().put("type", "json_schema")
          .put("name", format.name() == null ? "response" : format.name());
        putIfSet(out, "schema", format.schema());
        putIfSet(out, "strict", format.strict());
        yield out;
      }
    };
  }

  private static void putIfSet(JsonObject json, String field, Object value) {
    if (value != null) {
      json.put(field, value);
    }
  }
}

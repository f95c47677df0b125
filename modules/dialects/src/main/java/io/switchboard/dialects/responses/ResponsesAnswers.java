package io.switchboard.dialects.responses;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.Part;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete Responses answer (the {@code response} object) to the canonical answer and back. Each canonical part
 * is one output item: text a {@code message} with one {@code output_text}, a tool call a {@code function_call},
 * thinking a {@code reasoning} item whose summary is the text and whose encrypted_content is the signature,
 * redacted thinking a reasoning item with no summary. Reading an upstream's answer, items of OpenAI-run tools
 * (web_search_call, ...) are dropped by rule, a custom tool call becomes a call with {@code {"input": ...}}, and
 * a refusal is kept as text so a client of another dialect reads why.
 */
final class ResponsesAnswers {
  private ResponsesAnswers() {
  }

  static ChatResponse decode(JsonObject body) {
    String status = string(body, "status");
    if ("failed".equals(status)) {
      JsonObject error = body.getValue("error") instanceof JsonObject e ? e : new JsonObject();
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR,
        error.getValue("message") instanceof String m ? m : "The upstream reported a failed response.");
    }
    if (!(body.getValue("output") instanceof JsonArray output)) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "The upstream answer has no output.");
    }
    List<Part> parts = new ArrayList<>();
    for (Object entry : output) {
      if (entry instanceof JsonObject item) {
        read(item, parts);
      }
    }
    JsonObject incomplete = body.getValue("incomplete_details") instanceof JsonObject i ? i : new JsonObject();
    String reason = string(incomplete, "reason");
    boolean calledTools = parts.stream().anyMatch(part -> part instanceof Part.ToolCall);
    return new ChatResponse(string(body, "id"), string(body, "model"), parts,
      ResponsesStatus.toCanonical(status, reason, calledTools), ResponsesStatus.detail(status, reason),
      ResponsesUsage.from(body.getValue("usage")));
  }

  /** The parts one output item holds, the way the stream decoder reads the same item. */
  static void read(JsonObject item, List<Part> parts) {
    switch (String.valueOf(item.getValue("type"))) {
      case "message" -> {
        if (item.getValue("content") instanceof JsonArray content) {
          for (Object entry : content) {
            String text = entry instanceof JsonObject part ? text(part) : null;
            if (text != null && !text.isEmpty()) {
              parts.add(Part.Text.of(text));
            }
          }
        }
      }
      case "function_call" -> parts.add(new Part.ToolCall(string(item, "call_id"), string(item, "name"),
        item.getValue("arguments") instanceof String a && !a.isEmpty() ? a : "{}"));
      case "custom_tool_call" -> parts.add(new Part.ToolCall(string(item, "call_id"), string(item, "name"),
        new JsonObject().put("input", string(item, "input")).encode()));
      case "reasoning" -> {
        String summary = summary(item);
        String encrypted = string(item, "encrypted_content");
        if (!summary.isEmpty()) {
          parts.add(new Part.Thinking(summary, encrypted));
        } else if (encrypted != null) {
          parts.add(new Part.RedactedThinking(encrypted));
        }
      }
      default -> { } // OpenAI-run tools' items: their results are already in the answer's text
    }
  }

  static JsonObject encode(ChatResponse response, String model, long createdAt, JsonObject request) {
    String id = ResponsesItems.responseId(response.id());
    JsonArray output = new JsonArray();
    for (Part part : response.content()) {
      JsonObject item = item(part, id, output.size());
      if (item != null) {
        output.add(item);
      }
    }
    return ResponsesEnvelope.of(id, createdAt, ResponsesStatus.of(response.stopReason()), model, request, output,
      response.usage(), null, ResponsesStatus.incompleteReason(response.stopReason()));
  }

  private static JsonObject item(Part part, String responseId, int index) {
    if (part instanceof Part.Text text) {
      return ResponsesItems.message(ResponsesItems.itemId("msg", responseId, index), ResponsesItems.COMPLETED,
        new JsonArray().add(ResponsesItems.outputText(text.text())));
    }
    if (part instanceof Part.ToolCall call) {
      return ResponsesItems.functionCall(ResponsesItems.itemId("fc", responseId, index), ResponsesItems.COMPLETED,
        call.id(), call.name(), call.arguments() == null ? "{}" : call.arguments());
    }
    if (part instanceof Part.Thinking thinking) {
      return ResponsesItems.reasoning(ResponsesItems.itemId("rs", responseId, index), thinking.text(),
        thinking.signature());
    }
    if (part instanceof Part.RedactedThinking redacted) {
      return ResponsesItems.reasoning(ResponsesItems.itemId("rs", responseId, index), null, redacted.data());
    }
    return null; // images and tool results are never part of an answer
  }

  /** A reasoning item's summary parts joined, or its raw reasoning text (open-weight models) when it has none. */
  static String summary(JsonObject item) {
    String summary = joined(item.getValue("summary"), "\n\n");
    return summary.isEmpty() ? joined(item.getValue("content"), "") : summary;
  }

  private static String joined(Object parts, String separator) {
    StringBuilder joined = new StringBuilder();
    if (parts instanceof JsonArray list) {
      for (Object entry : list) {
        String text = entry instanceof JsonObject part ? string(part, "text") : null;
        if (text != null && !text.isEmpty()) {
          joined.append(joined.isEmpty() ? "" : separator).append(text);
        }
      }
    }
    return joined.toString();
  }

  private static String text(JsonObject part) {
    return "refusal".equals(part.getValue("type")) ? string(part, "refusal") : string(part, "text");
  }

  private static String string(JsonObject json, String field) {
    return json.getValue(field) instanceof String s ? s : null;
  }
}

package io.switchboard.dialects.gemini;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.StopReason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete {@code GenerateContentResponse} to the canonical answer and back. Only the first candidate is read
 * (the gateway never asks for more). Dropped by rule: {@code safetyRatings}, {@code citationMetadata},
 * {@code groundingMetadata}, {@code avgLogprobs}, {@code promptFeedback.safetyRatings}, the per-modality token
 * details, and any {@code thoughtSignature} outside a thought.
 */
final class GeminiResponses {
  private GeminiResponses() {
  }

  static ChatResponse decode(JsonObject body) {
    if (body == null) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "Gemini returned an empty response");
    }
    JsonArray candidates = body.getValue("candidates") instanceof JsonArray c ? c : new JsonArray();
    JsonObject candidate = !candidates.isEmpty() && candidates.getValue(0) instanceof JsonObject first
      ? first : new JsonObject();
    JsonObject content = candidate.getValue("content") instanceof JsonObject c ? c : new JsonObject();
    List<Part> parts = List.of();
    if (content.getValue("parts") instanceof JsonArray list) {
      try {
        parts = mergeText(new GeminiPartReader().read(list, "candidates[0].content.parts"));
      } catch (GatewayException malformed) {
        throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "Gemini returned a malformed part: "
          + malformed.getMessage());
      }
    }
    boolean calledTools = parts.stream().anyMatch(p -> p instanceof Part.ToolCall);
    String finish = candidate.getValue("finishReason") instanceof String f ? f : null;
    StopReason stop = GeminiFinishReasons.read(finish, calledTools);
    String detail = GeminiFinishReasons.detail(finish);
    JsonObject feedback = body.getValue("promptFeedback") instanceof JsonObject f ? f : null;
    if (candidates.isEmpty() && feedback != null && feedback.getValue("blockReason") instanceof String blocked) {
      stop = StopReason.CONTENT_FILTER; // the prompt itself was blocked: no candidate at all
      detail = blocked;
    }
    return new ChatResponse(body.getValue("responseId") instanceof String id ? id : null,
      body.getValue("modelVersion") instanceof String m ? m : null, parts, stop, detail,
      GeminiUsage.read(body.getValue("usageMetadata")));
  }

  /** Gemini splits one answer's text over parts freely (a signature may sit on an empty one): one text block. */
  private static List<Part> mergeText(List<Part> parts) {
    List<Part> out = new ArrayList<>(parts.size());
    for (Part part : parts) {
      if (part instanceof Part.Text text) {
        if (text.text().isEmpty()) {
          continue;
        }
        if (!out.isEmpty() && out.get(out.size() - 1) instanceof Part.Text prev) {
          out.set(out.size() - 1, Part.Text.of(prev.text() + text.text()));
          continue;
        }
      }
      out.add(part);
    }
    return out;
  }

  /** Google's field order; {@code model} is the name the client asked for. */
  static JsonObject encode(ChatResponse response, String model) {
    JsonArray parts = new JsonArray();
    for (Part part : response.content()) {
      JsonObject written = GeminiPartWriter.responsePart(part);
      if (written != null) {
        parts.add(written);
      }
    }
    if (parts.isEmpty()) {
      parts.add(new JsonObject().put("text", "")); // SDKs read candidates[0].content.parts unguarded
    }
    JsonObject candidate = new JsonObject()
      .put("content", new JsonObject().put("parts", parts).put("role", "model"))
      .put("finishReason", GeminiFinishReasons.write(response.stopReason(), response.stopDetail()))
      .put("index", 0);
    JsonObject body = new JsonObject().put("candidates", new JsonArray().add(candidate));
    if (response.usage() != null) {
      body.put("usageMetadata", GeminiUsage.write(response.usage()));
    }
    if (model != null) {
      body.put("modelVersion", model);
    }
    if (response.id() != null) {
      body.put("responseId", response.id());
    }
    return body;
  }
}

package io.switchboard.dialects.gemini;

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
 * Builds the body for {@code POST /v1beta/models/{model}:generateContent} (the model travels in the URL), in the
 * field order of Google's reference. Dropped by rule: {@code user} (Gemini has no end-user field),
 * {@code toolChoice.parallel} (Gemini has no switch for parallel calls), a tool choice without tools, the response
 * format's name and {@code strict}, stop sequences past Gemini's limit of five, and the parts
 * {@link GeminiPartWriter#requestPart} leaves out.
 */
final class GeminiRequestEncoder {
  /** Google's documented value for a function call whose real signature is unknown (history from elsewhere). */
  static final String SKIP_SIGNATURE = "skip_thought_signature_validator";
  private static final int MAX_STOP_SEQUENCES = 5;
  // Gemini 2.5 Flash and Flash-Lite take at most 24576 and answer 400 above it; Pro takes up to 32768
  private static final int MAX_THINKING_BUDGET = 24576;

  private GeminiRequestEncoder() {
  }

  static JsonObject encode(CanonicalRequest request) {
    JsonObject body = new JsonObject().put("contents", contents(request));
    if (!request.tools().isEmpty()) {
      JsonArray declarations = new JsonArray();
      request.tools().forEach(tool -> declarations.add(declaration(tool)));
      body.put("tools", new JsonArray().add(new JsonObject().put("functionDeclarations", declarations)));
      if (request.toolChoice() != null) {
        body.put("toolConfig", new JsonObject().put("functionCallingConfig", callingConfig(request.toolChoice())));
      }
    }
    JsonArray system = parts(request.system());
    if (!system.isEmpty()) {
      body.put("systemInstruction", new JsonObject().put("parts", system));
    }
    JsonObject generation = generationConfig(request);
    if (!generation.isEmpty()) {
      body.put("generationConfig", generation);
    }
    return body;
  }

  /** Gemini roles; consecutive turns of one role become one content, as Gemini wants turns to alternate. */
  private static JsonArray contents(CanonicalRequest request) {
    JsonArray contents = new JsonArray();
    JsonObject last = null;
    for (Message message : request.messages()) {
      JsonArray parts = parts(message.parts());
      if (parts.isEmpty()) {
        continue;
      }
      String role = message.role() == Role.ASSISTANT ? "model" : "user";
      if (last != null && role.equals(last.getString("role"))) {
        last.getJsonArray("parts").addAll(parts);
      } else {
        last = new JsonObject().put("role", role).put("parts", parts);
        contents.add(last);
      }
    }
    if (requiresSignatures(request.model())) {
      contents.forEach(content -> signFirstCall((JsonObject) content));
    }
    return contents;
  }

  /**
   * Gemini 3 answers 400 to a replayed function call without its thought signature; calls from another
   * dialect never had one, so the first call of each model turn gets Google's documented bypass value.
   */
  private static boolean requiresSignatures(String model) {
    return model != null && model.replaceFirst("^models/", "").startsWith("gemini-3");
  }

  private static void signFirstCall(JsonObject content) {
    if (!"model".equals(content.getString("role"))) {
      return;
    }
    for (Object part : content.getJsonArray("parts")) {
      JsonObject p = (JsonObject) part;
      if (p.containsKey("functionCall")) {
        p.put("thoughtSignature", SKIP_SIGNATURE);
        return;
      }
    }
  }

  private static JsonArray parts(List<Part> parts) {
    JsonArray out = new JsonArray();
    for (Part part : parts) {
      JsonObject written = GeminiPartWriter.requestPart(part);
      if (written != null) {
        out.add(written);
      }
    }
    return out;
  }

  private static JsonObject declaration(Tool tool) {
    JsonObject out = new JsonObject().put("name", tool.name());
    if (tool.description() != null) {
      out.put("description", tool.description());
    }
    JsonObject parameters = GeminiSchemas.cleanObject(tool.parameters());
    return parameters == null ? out : out.put("parameters", parameters);
  }

  private static JsonObject callingConfig(ToolChoice choice) {
    return switch (choice.mode()) {
      case AUTO -> new JsonObject().put("mode", "AUTO");
      case NONE -> new JsonObject().put("mode", "NONE");
      case ANY -> new JsonObject().put("mode", "ANY");
      case NAMED -> new JsonObject().put("mode", "ANY").put("allowedFunctionNames", new JsonArray().add(choice.name()));
    };
  }

  private static JsonObject generationConfig(CanonicalRequest request) {
    JsonObject config = new JsonObject();
    if (!request.stop().isEmpty()) {
      List<String> stop = request.stop();
      List<String> kept = List.copyOf(stop.subList(0, Math.min(stop.size(), MAX_STOP_SEQUENCES)));
      config.put("stopSequences", new JsonArray(kept));
    }
    ResponseFormat format = request.responseFormat();
    if (format != null && format.kind() != ResponseFormat.Kind.TEXT) {
      config.put("responseMimeType", "application/json");
      JsonObject schema = format.kind() == ResponseFormat.Kind.JSON_SCHEMA
        ? GeminiSchemas.cleanObject(format.schema()) : null;
      if (schema != null) {
        config.put("responseSchema", schema); // a schema of any object is plain JSON mode to Gemini
      }
    }
    putIfSet(config, "maxOutputTokens", request.maxTokens());
    putIfSet(config, "temperature", request.temperature());
    putIfSet(config, "topP", request.topP());
    putIfSet(config, "topK", request.topK());
    putIfSet(config, "seed", request.seed());
    JsonObject thinking = thinkingConfig(request.thinking());
    if (thinking != null) {
      config.put("thinkingConfig", thinking);
    }
    return config;
  }

  /**
   * A budget as Gemini's thinkingBudget; an effort as 1024/8192/24576; adaptive as -1 (dynamic). Thinking
   * switched off sends nothing: 2.5 Pro and Gemini 3 cannot turn it off and answer 400 to a budget of 0.
   */
  static JsonObject thinkingConfig(ThinkingConfig thinking) {
    if (thinking == null || !thinking.enabled()) {
      return null;
    }
    int budget;
    if (thinking.budget() != null) {
      budget = Math.min(thinking.budget(), MAX_THINKING_BUDGET);
    } else if (thinking.effort() != null) {
      budget = switch (thinking.effort()) {
        case "minimal", "low" -> 1024;
        case "medium" -> 8192;
        case "high" -> MAX_THINKING_BUDGET;
        default -> -1;
      };
    } else {
      budget = -1;
    }
    return new JsonObject().put("includeThoughts", true).put("thinkingBudget", budget);
  }

  private static void putIfSet(JsonObject json, String field, Object value) {
    if (value != null) {
      json.put(field, value);
    }
  }
}

package io.switchboard.dialects.gemini;

import static io.switchboard.dialects.gemini.GeminiFields.bad;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a Gemini {@code generateContent} body into the canonical model; the model and stream mode come from the
 * URL. Dropped by rule, having no canonical equivalent: {@code safetySettings}, {@code cachedContent}, tools
 * other than {@code functionDeclarations} ({@code googleSearch}, {@code codeExecution}, {@code urlContext}, ...),
 * {@code allowedFunctionNames} beyond a single name, and the generationConfig fields {@code candidateCount},
 * {@code presencePenalty}, {@code frequencyPenalty}, {@code responseLogprobs}, {@code logprobs},
 * {@code responseModalities}, {@code speechConfig}, {@code mediaResolution}.
 */
final class GeminiRequestDecoder {
  private static final String JSON_MIME = "application/json";

  private GeminiRequestDecoder() {
  }

  static CanonicalRequest decode(JsonObject body, String model, boolean stream) {
    if (body == null) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "Invalid JSON payload received: expected an object.");
    }
    GeminiPartReader reader = new GeminiPartReader();
    List<Message> messages = contents(body, reader);
    List<Part> system = system(body, reader);
    JsonObject generation = GeminiFields.object(body, "generationConfig", "generationConfig");
    JsonObject config = generation == null ? new JsonObject() : generation;
    String g = "generationConfig.";
    Double topK = GeminiFields.number(config, "topK", g + "topK");
    return new CanonicalRequest(modelName(model), system, messages, tools(body), toolChoice(body),
      GeminiFields.int32(config, "maxOutputTokens", g + "maxOutputTokens"),
      GeminiFields.number(config, "temperature", g + "temperature"), GeminiFields.number(config, "topP", g + "topP"),
      topK == null ? null : (int) Math.round(topK), stopSequences(config),
      GeminiFields.integer(config, "seed", g + "seed"), responseFormat(config), thinking(config), null, stream);
  }

  /** The URL's model, without the {@code models/} prefix the SDKs may keep in it. */
  static String modelName(String model) {
    String name = model == null ? "" : model.strip();
    if (name.startsWith("models/")) {
      name = name.substring("models/".length());
    }
    if (name.isEmpty()) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "Invalid value at 'model': a model name is required.");
    }
    return name;
  }

  private static List<Message> contents(JsonObject body, GeminiPartReader reader) {
    JsonArray contents = GeminiFields.array(body, "contents", "contents");
    if (contents == null || contents.isEmpty()) {
      throw bad("contents", "contents is not specified");
    }
    List<Message> messages = new ArrayList<>(contents.size());
    for (int i = 0; i < contents.size(); i++) {
      String path = "contents[" + i + "]";
      JsonObject content = GeminiFields.element(contents, i, path);
      Role role = role(GeminiFields.string(content, "role", path + ".role"), path + ".role");
      JsonArray parts = GeminiFields.array(content, "parts", path + ".parts");
      if (parts == null) {
        throw bad(path + ".parts", "required");
      }
      List<Part> read = reader.read(parts, path + ".parts");
      if (!read.isEmpty()) {
        messages.add(new Message(role, read));
      }
    }
    if (messages.isEmpty()) {
      throw bad("contents", "no content to send");
    }
    return messages;
  }

  private static Role role(String role, String path) {
    if (role == null || role.isEmpty() || role.equals("user") || role.equals("function")) {
      return Role.USER; // "function" is the role older clients give to functionResponse contents
    }
    if (role.equals("model")) {
      return Role.ASSISTANT;
    }
    throw bad(path, "Please use a valid role: user, model.");
  }

  private static List<Part> system(JsonObject body, GeminiPartReader reader) {
    Object instruction = GeminiFields.get(body, "systemInstruction");
    if (instruction == null) {
      return List.of();
    }
    if (instruction instanceof String text) {
      return List.of(Part.Text.of(text));
    }
    if (!(instruction instanceof JsonObject content)) {
      throw bad("systemInstruction", "expected an object");
    }
    JsonArray parts = GeminiFields.array(content, "parts", "systemInstruction.parts");
    List<Part> system = new ArrayList<>();
    if (parts != null) {
      for (Part part : reader.read(parts, "systemInstruction.parts")) {
        if (part instanceof Part.Text text) {
          system.add(text); // system prompts are text in every other dialect
        }
      }
    }
    return system;
  }

  private static List<Tool> tools(JsonObject body) {
    JsonArray tools = GeminiFields.array(body, "tools", "tools");
    List<Tool> out = new ArrayList<>();
    for (int i = 0; tools != null && i < tools.size(); i++) {
      String path = "tools[" + i + "]";
      JsonArray declarations = GeminiFields.array(GeminiFields.element(tools, i, path), "functionDeclarations",
        path + ".functionDeclarations");
      for (int j = 0; declarations != null && j < declarations.size(); j++) {
        String at = path + ".functionDeclarations[" + j + "]";
        JsonObject declaration = GeminiFields.element(declarations, j, at);
        String name = GeminiFields.string(declaration, "name", at + ".name");
        if (name == null || name.isEmpty()) {
          throw bad(at + ".name", "required");
        }
        JsonObject jsonSchema = GeminiFields.object(declaration, "parametersJsonSchema", at + ".parametersJsonSchema");
        JsonObject schema = GeminiFields.object(declaration, "parameters", at + ".parameters");
        out.add(new Tool(name, GeminiFields.string(declaration, "description", at + ".description"),
          jsonSchema != null ? jsonSchema : schema != null ? GeminiSchemas.toJsonSchema(schema) : null));
      }
    }
    return out;
  }

  private static ToolChoice toolChoice(JsonObject body) {
    JsonObject toolConfig = GeminiFields.object(body, "toolConfig", "toolConfig");
    String path = "toolConfig.functionCallingConfig";
    JsonObject config = toolConfig == null ? null : GeminiFields.object(toolConfig, "functionCallingConfig", path);
    if (config == null) {
      return null;
    }
    String mode = GeminiFields.string(config, "mode", path + ".mode");
    JsonArray names = GeminiFields.array(config, "allowedFunctionNames", path + ".allowedFunctionNames");
    switch (mode == null ? "AUTO" : mode.toUpperCase(Locale.ROOT)) {
      case "AUTO", "MODE_UNSPECIFIED", "VALIDATED":
        return ToolChoice.AUTO;
      case "NONE":
        return new ToolChoice(ToolChoice.Mode.NONE, null, null);
      case "ANY":
        if (names != null && names.size() == 1 && names.getValue(0) instanceof String name) {
          return new ToolChoice(ToolChoice.Mode.NAMED, name, null);
        }
        return new ToolChoice(ToolChoice.Mode.ANY, null, null);
      default:
        throw bad(path + ".mode", "expected AUTO, ANY, NONE or VALIDATED");
    }
  }

  private static List<String> stopSequences(JsonObject config) {
    String path = "generationConfig.stopSequences";
    JsonArray stops = GeminiFields.array(config, "stopSequences", path);
    List<String> out = new ArrayList<>();
    for (int i = 0; stops != null && i < stops.size(); i++) {
      if (!(stops.getValue(i) instanceof String stop)) {
        throw bad(path + "[" + i + "]", "expected a string");
      }
      out.add(stop);
    }
    return out;
  }

  private static ResponseFormat responseFormat(JsonObject config) {
    String g = "generationConfig.";
    String mime = GeminiFields.string(config, "responseMimeType", g + "responseMimeType");
    JsonObject jsonSchema = GeminiFields.object(config, "responseJsonSchema", g + "responseJsonSchema");
    JsonObject schema = GeminiFields.object(config, "responseSchema", g + "responseSchema");
    if (!JSON_MIME.equals(mime)) {
      return null; // text/plain is the default; text/x.enum has no equivalent elsewhere
    }
    if (jsonSchema == null && schema == null) {
      return new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, null, null, null);
    }
    return new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, "response",
      jsonSchema != null ? jsonSchema : GeminiSchemas.toJsonSchema(schema), null);
  }

  /**
   * thinkingBudget 0 turns thinking off, -1 lets the model decide, n is a budget; thinkingLevel (Gemini 3) is an
   * effort. includeThoughts alone means "think and show it". includeThoughts itself is not kept: other dialects
   * return thinking whenever it is on.
   */
  private static ThinkingConfig thinking(JsonObject config) {
    String path = "generationConfig.thinkingConfig";
    JsonObject thinking = GeminiFields.object(config, "thinkingConfig", path);
    if (thinking == null) {
      return null;
    }
    Integer budget = GeminiFields.int32(thinking, "thinkingBudget", path + ".thinkingBudget");
    Boolean include = GeminiFields.bool(thinking, "includeThoughts", path + ".includeThoughts");
    String level = GeminiFields.string(thinking, "thinkingLevel", path + ".thinkingLevel");
    if (budget != null) {
      if (budget == 0) {
        return new ThinkingConfig(false, 0, null, false);
      }
      return budget < 0 ? new ThinkingConfig(true, null, null, true) : new ThinkingConfig(true, budget, null, false);
    }
    String effort = level == null ? null : switch (level.toUpperCase(Locale.ROOT)) {
      case "MINIMAL", "LOW" -> "low";
      case "MEDIUM" -> "medium";
      case "HIGH" -> "high";
      default -> null;
    };
    if (effort != null) {
      return new ThinkingConfig(true, null, effort, false);
    }
    return Boolean.TRUE.equals(include) ? new ThinkingConfig(true, null, null, true) : null;
  }
}

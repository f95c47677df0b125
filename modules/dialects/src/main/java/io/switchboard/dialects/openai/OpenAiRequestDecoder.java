package io.switchboard.dialects.openai;

import static io.switchboard.dialects.openai.OpenAiRequestFields.array;
import static io.switchboard.dialects.openai.OpenAiRequestFields.bool;
import static io.switchboard.dialects.openai.OpenAiRequestFields.element;
import static io.switchboard.dialects.openai.OpenAiRequestFields.int32;
import static io.switchboard.dialects.openai.OpenAiRequestFields.integer;
import static io.switchboard.dialects.openai.OpenAiRequestFields.invalidType;
import static io.switchboard.dialects.openai.OpenAiRequestFields.invalidValue;
import static io.switchboard.dialects.openai.OpenAiRequestFields.missing;
import static io.switchboard.dialects.openai.OpenAiRequestFields.number;
import static io.switchboard.dialects.openai.OpenAiRequestFields.object;
import static io.switchboard.dialects.openai.OpenAiRequestFields.requiredObject;
import static io.switchboard.dialects.openai.OpenAiRequestFields.requiredString;
import static io.switchboard.dialects.openai.OpenAiRequestFields.string;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.ResponseFormat;
import io.switchboard.api.chat.Tool;
import io.switchboard.api.chat.ToolChoice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a client's Chat Completions body into the canonical request. Fields the canonical model has no room
 * for are dropped by rule: n, logprobs, top_logprobs, presence_penalty, frequency_penalty, logit_bias, audio,
 * modalities, prediction, service_tier, store, metadata, web_search_options, stream_options (honoured by the
 * stream encoder instead), verbosity, prompt_cache_key, safety_identifier, the legacy functions/function_call,
 * messages[].name, input_audio and file parts, assistant refusals, tools[].function.strict, custom tools and
 * allowed_tools' list. top_k, which OpenAI lacks but vLLM-style clients send, is read.
 */
final class OpenAiRequestDecoder {
  private OpenAiRequestDecoder() {
  }

  static CanonicalRequest decode(JsonObject body, String model, boolean stream) {
    String name = model != null ? model : string(body, "model", "model");
    if (name == null || name.isBlank()) {
      throw missing("model");
    }
    JsonArray messages = array(body, "messages", "messages");
    if (messages == null) {
      throw missing("messages");
    }
    Long choices = integer(body, "n", "n");
    if (choices != null && choices > 1) {
      // the canonical model holds one answer: n > 1 would silently come back as one choice
      throw new GatewayException(ErrorKind.BAD_REQUEST,
        "Invalid value for 'n': " + choices + ". This model is served through another provider's API, which returns "
          + "one choice per request; send n=1 or separate requests.");
    }
    if (messages.isEmpty()) {
      throw new GatewayException(ErrorKind.BAD_REQUEST,
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.");
    }
    OpenAiMessageDecoder.Decoded decoded = OpenAiMessageDecoder.decode(messages);
    List<Tool> tools = tools(array(body, "tools", "tools"));
    Integer maxTokens = int32(body, "max_completion_tokens", "max_completion_tokens");
    if (maxTokens == null) {
      maxTokens = int32(body, "max_tokens", "max_tokens");
    }
    Integer topK = int32(body, "top_k", "top_k"); // not OpenAI's; vLLM and other compatible servers take it
    boolean streaming = stream || Boolean.TRUE.equals(bool(body, "stream", "stream"));
    ToolChoice toolChoice = OpenAiToolChoices.read(body, OpenAiRequestDecoder::namedChoice);
    return new CanonicalRequest(name, decoded.system(), decoded.messages(), tools, toolChoice, maxTokens,
      number(body, "temperature", "temperature"), number(body, "top_p", "top_p"), topK,
      stop(body.getValue("stop")), integer(body, "seed", "seed"),
      responseFormat(object(body, "response_format", "response_format")),
      OpenAiReasoning.thinking(string(body, "reasoning_effort", "reasoning_effort"), "reasoning_effort"),
      string(body, "user", "user"), streaming);
  }

  private static List<Tool> tools(JsonArray tools) {
    List<Tool> result = new ArrayList<>();
    for (int i = 0; tools != null && i < tools.size(); i++) {
      String path = "tools[" + i + "]";
      JsonObject tool = element(tools, i, "tools");
      String type = requiredString(tool, "type", path + ".type");
      if (type.equals("custom")) {
        continue; // free-form (grammar) tools exist only at OpenAI: dropped by rule
      }
      if (!type.equals("function")) {
        throw invalidValue(path + ".type", type, "'function' and 'custom'");
      }
      JsonObject function = requiredObject(tool, "function", path + ".function");
      result.add(new Tool(requiredString(function, "name", path + ".function.name"),
        string(function, "description", path + ".function.description"),
        object(function, "parameters", path + ".function.parameters")));
    }
    return result;
  }

  /** Chat Completions' object forms: {"type":"function","function":{"name"}} and nested allowed_tools. */
  private static ToolChoice namedChoice(JsonObject named, String type, Boolean parallel) {
    if (type.equals("allowed_tools")) {
      // the restriction list has no canonical place: only its mode travels
      JsonObject allowed = requiredObject(named, "allowed_tools", "tool_choice.allowed_tools");
      return new ToolChoice(OpenAiToolChoices.mode(requiredString(allowed, "mode", "tool_choice.allowed_tools.mode"),
        "tool_choice.allowed_tools.mode"), null, parallel);
    }
    if (!type.equals("function")) {
      throw invalidValue("tool_choice.type", type, "'function' and 'allowed_tools'");
    }
    JsonObject function = requiredObject(named, "function", "tool_choice.function");
    return new ToolChoice(ToolChoice.Mode.NAMED, requiredString(function, "name", "tool_choice.function.name"),
      parallel);
  }

  private static List<String> stop(Object stop) {
    if (stop == null) {
      return List.of();
    }
    if (stop instanceof String one) {
      return List.of(one);
    }
    if (!(stop instanceof JsonArray list)) {
      throw invalidType("stop", "a string or an array of strings");
    }
    List<String> result = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof String one)) {
        throw invalidType("stop[" + i + "]", "a string");
      }
      result.add(one);
    }
    return result;
  }

  private static ResponseFormat responseFormat(JsonObject format) {
    if (format == null) {
      return null;
    }
    String type = requiredString(format, "type", "response_format.type");
    return switch (type) {
      case "text" -> new ResponseFormat(ResponseFormat.Kind.TEXT, null, null, null);
      case "json_object" -> new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, null, null, null);
      case "json_schema" -> {
        JsonObject schema = requiredObject(format, "json_schema", "response_format.json_schema");
        yield new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA,
          requiredString(schema, "name", "response_format.json_schema.name"),
          object(schema, "schema", "response_format.json_schema.schema"),
          bool(schema, "strict", "response_format.json_schema.strict"));
      }
      default -> throw invalidValue("response_format.type", type, "'text', 'json_object', and 'json_schema'");
    };
  }
}

package io.switchboard.dialects.responses;

import static io.switchboard.dialects.openai.OpenAiRequestFields.array;
import static io.switchboard.dialects.openai.OpenAiRequestFields.bool;
import static io.switchboard.dialects.openai.OpenAiRequestFields.int32;
import static io.switchboard.dialects.openai.OpenAiRequestFields.invalidValue;
import static io.switchboard.dialects.openai.OpenAiRequestFields.missing;
import static io.switchboard.dialects.openai.OpenAiRequestFields.number;
import static io.switchboard.dialects.openai.OpenAiRequestFields.object;
import static io.switchboard.dialects.openai.OpenAiRequestFields.requiredString;
import static io.switchboard.dialects.openai.OpenAiRequestFields.string;

import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.ResponseFormat;
import io.switchboard.dialects.openai.OpenAiReasoning;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a client's Responses API body ({@code POST /v1/responses}) into the canonical request, and lists what
 * a conversion leaves out. {@code instructions} leads the system prompt. Read: input, instructions, tools,
 * tool_choice, parallel_tool_calls, text.format, reasoning.effort, max_output_tokens, temperature, top_p, user
 * (else safety_identifier), stream. Checked for type but without a canonical place, so dropped by rule:
 * metadata, store, include, truncation, prompt_cache_key, prompt_cache_retention, service_tier, max_tool_calls,
 * top_logprobs, background, stream_options, text.verbosity, reasoning.summary, text.format's description and
 * tools[].strict. Stored state (previous_response_id, conversation, prompt) is an {@link Omission}.
 */
final class ResponsesRequestDecoder {
  private ResponsesRequestDecoder() {
  }

  static ResponsesWireFormat.Decoded decode(JsonObject body, String model, boolean stream) {
    String name = model != null ? model : string(body, "model", "model");
    if (name == null || name.isBlank()) {
      throw missing("model");
    }
    List<Omission> omissions = new ArrayList<>();
    boolean storedHistory = false;
    for (String field : List.of("previous_response_id", "conversation", "prompt")) {
      if (body.getValue(field) != null) {
        omissions.add(OpenAiOnlyFeatures.storedState(field));
        storedHistory = true;
      }
    }
    string(body, "previous_response_id", "previous_response_id");
    if (body.getValue("input") == null && !storedHistory) {
      throw missing("input");
    }
    checkDroppedFields(body);
    ResponsesInputDecoder.Decoded input = ResponsesInputDecoder.decode(body.getValue("input"), omissions,
      storedHistory);
    List<Part> system = new ArrayList<>();
    String instructions = string(body, "instructions", "instructions");
    if (instructions != null && !instructions.isEmpty()) {
      system.add(Part.Text.of(instructions));
    }
    system.addAll(input.system());
    JsonObject text = object(body, "text", "text");
    JsonObject reasoning = object(body, "reasoning", "reasoning");
    String user = string(body, "user", "user");
    String safetyIdentifier = string(body, "safety_identifier", "safety_identifier");
    boolean streaming = stream || Boolean.TRUE.equals(bool(body, "stream", "stream"));
    CanonicalRequest request = new CanonicalRequest(name, system, input.messages(),
      ResponsesTools.tools(array(body, "tools", "tools"), omissions), ResponsesTools.toolChoice(body),
      int32(body, "max_output_tokens", "max_output_tokens"), number(body, "temperature", "temperature"),
      number(body, "top_p", "top_p"), null, List.of(), null,
      text == null ? null : format(object(text, "format", "text.format")),
      reasoning == null ? null : OpenAiReasoning.thinking(string(reasoning, "effort", "reasoning.effort"),
        "reasoning.effort"),
      user != null ? user : safetyIdentifier, streaming);
    return new ResponsesWireFormat.Decoded(request, omissions);
  }

  /** Fields the canonical model has no place for still get OpenAI's 400 when they have the wrong type. */
  private static void checkDroppedFields(JsonObject body) {
    object(body, "metadata", "metadata");
    bool(body, "store", "store");
    bool(body, "background", "background");
    array(body, "include", "include");
    string(body, "truncation", "truncation");
    string(body, "prompt_cache_key", "prompt_cache_key");
    string(body, "service_tier", "service_tier");
    int32(body, "max_tool_calls", "max_tool_calls");
    int32(body, "top_logprobs", "top_logprobs");
  }

  private static ResponseFormat format(JsonObject format) {
    if (format == null) {
      return null;
    }
    String type = requiredString(format, "type", "text.format.type");
    return switch (type) {
      case "text" -> new ResponseFormat(ResponseFormat.Kind.TEXT, null, null, null);
      case "json_object" -> new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, null, null, null);
      // flat here, where Chat Completions nests it under json_schema
      case "json_schema" -> new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA,
        requiredString(format, "name", "text.format.name"), object(format, "schema", "text.format.schema"),
        bool(format, "strict", "text.format.strict"));
      default -> throw invalidValue("text.format.type", type, "'text', 'json_object', and 'json_schema'");
    };
  }
}

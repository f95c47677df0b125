package io.switchboard.dialects.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a Gemini client's generateContent body becomes in the canonical model, and what it may not hold. */
class GeminiRequestDecoderTest {
  private final GeminiWireFormat gemini = new GeminiWireFormat();

  private CanonicalRequest decode(String body) {
    return gemini.decodeRequest(new JsonObject(body), "gemini-2.5-flash", false);
  }

  private static String user(String parts) {
    return "{\"contents\":[{\"role\":\"user\",\"parts\":[" + parts + "]}]";
  }

  @Test
  void multiTurnGoldenRequestDecodesToCanonical() {
    CanonicalRequest request = gemini.decodeRequest(GoldenFiles.json("request-multiturn.json"),
      "models/gemini-2.5-flash", true);

    assertEquals("gemini-2.5-flash", request.model());
    assertTrue(request.stream());
    assertEquals(List.of(Part.Text.of("You are a travel assistant."), Part.Text.of("Answer in one sentence.")),
      request.system());
    List<Message> messages = request.messages();
    assertEquals(5, messages.size());
    assertEquals(new Message(Role.USER, List.of(
      Part.Text.of("What is in this picture, and what is the weather and time where it was taken?"),
      new Part.Image(null, "image/jpeg", "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA==", null))), messages.get(0));
    // the thought keeps its signature; the signature on the function call has no canonical home and is dropped
    assertEquals(new Message(Role.ASSISTANT, List.of(
      new Part.Thinking("**Reading the picture**\nA harbour with a Boston sign; I need weather and time.",
        "CiQBVKhc7nYvS2dpbmF0dXJlLW9uZQ=="),
      new Part.ToolCall("call_1", "get_current_weather", "{\"location\":\"Boston, MA\"}"),
      new Part.ToolCall("call_2", "get_current_time", "{\"timezone\":\"America/New_York\"}"))), messages.get(1));
    // answers come back in another order: each is paired with its call by name
    assertEquals(new Message(Role.USER, List.of(
      new Part.ToolResult("call_2", "get_current_time", List.of(Part.Text.of("{\"result\":\"14:05\"}")), false),
      new Part.ToolResult("call_1", "get_current_weather",
        List.of(Part.Text.of("{\"temperature\":22,\"unit\":\"celsius\"}")), false))), messages.get(2));
    assertEquals(Role.ASSISTANT, messages.get(3).role());
    assertEquals(new Part.Image("https://generativelanguage.googleapis.com/v1beta/files/abc-123", "image/png", null,
      null), messages.get(4).parts().get(1));

    assertEquals(2, request.tools().size(), "googleSearch and codeExecution have no canonical tool");
    assertEquals(new Tool("get_current_weather", "Get the current weather in a given location", new JsonObject(
      "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\",\"description\":"
        + "\"The city and state, e.g. San Francisco, CA\"},\"unit\":{\"type\":[\"string\",\"null\"],"
        + "\"enum\":[\"celsius\",\"fahrenheit\"]}},\"required\":[\"location\"]}")), request.tools().get(0));
    assertEquals(new JsonObject("{\"type\":\"object\",\"properties\":{\"timezone\":{\"type\":\"string\","
        + "\"description\":\"An IANA time zone\"}},\"required\":[\"timezone\"],\"additionalProperties\":false}"),
      request.tools().get(1).parameters(), "parametersJsonSchema is JSON Schema already: kept as sent");
    assertEquals(ToolChoice.AUTO, request.toolChoice());
    assertEquals(800, request.maxTokens());
    assertEquals(0.9, request.temperature());
    assertEquals(0.8, request.topP());
    assertEquals(10, request.topK());
    assertEquals(List.of("Title"), request.stop());
    assertEquals(42L, request.seed());
    assertNull(request.responseFormat());
    assertEquals(new ThinkingConfig(true, 1024, null, false), request.thinking());
    assertNull(request.user());
  }

  @Test
  void fieldsWithoutCanonicalEquivalentAreDroppedOnConversion() {
    JsonObject encoded = gemini.encodeRequest(gemini.decodeRequest(GoldenFiles.json("request-multiturn.json"),
      "gemini-2.5-flash", false));
    assertEquals(GoldenFiles.json("request-multiturn.encoded.json"), encoded);
    assertFalse(encoded.containsKey("safetySettings"), "safetySettings: no other dialect has them");
    assertFalse(encoded.containsKey("cachedContent"), "cachedContent: a cache lives on one Gemini account");
    assertEquals(1, encoded.getJsonArray("tools").size(), "googleSearch, codeExecution: not function tools");
    assertFalse(encoded.encode().contains("thoughtSignature"), "signatures are not sent back on conversion");
  }

  @Test
  void generationFieldsWithoutCanonicalEquivalentAreDropped() {
    CanonicalRequest request = decode(user("{\"text\":\"Hi\"}") + ",\"generationConfig\":{\"maxOutputTokens\":5,"
      + "\"candidateCount\":2,\"presencePenalty\":0.5,\"frequencyPenalty\":0.5,\"responseLogprobs\":true,"
      + "\"logprobs\":3,\"responseModalities\":[\"TEXT\"],\"speechConfig\":{},"
      + "\"mediaResolution\":\"MEDIA_RESOLUTION_LOW\","
      + "\"thinkingConfig\":{\"includeThoughts\":false}}}");
    assertEquals(new JsonObject("{\"maxOutputTokens\":5}"),
      gemini.encodeRequest(request).getJsonObject("generationConfig"));
  }

  @Test
  void snakeCaseFieldsAreReadAsGoogleAcceptsThem() {
    CanonicalRequest request = decode("{\"system_instruction\":{\"parts\":[{\"text\":\"Be brief\"}]},"
      + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"inline_data\":{\"mime_type\":\"image/png\","
      + "\"data\":\"AAA=\"}}]},"
      + "{\"role\":\"model\",\"parts\":[{\"function_call\":{\"name\":\"f\",\"args\":{}}}]},"
      + "{\"role\":\"user\",\"parts\":[{\"function_response\":{\"name\":\"f\",\"response\":{\"ok\":true}}}]}],"
      + "\"tools\":[{\"function_declarations\":[{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}]}],"
      + "\"tool_config\":{\"function_calling_config\":{\"mode\":\"ANY\",\"allowed_function_names\":[\"f\"]}},"
      + "\"generation_config\":{\"max_output_tokens\":9,\"stop_sequences\":[\"x\"],"
      + "\"thinking_config\":{\"thinking_budget\":-1}}}");
    assertEquals(List.of(Part.Text.of("Be brief")), request.system());
    assertEquals(new Part.Image(null, "image/png", "AAA=", null), request.messages().get(0).parts().get(0));
    assertEquals(new Part.ToolResult("call_1", "f", List.of(Part.Text.of("{\"ok\":true}")), false),
      request.messages().get(2).parts().get(0));
    assertEquals(new ToolChoice(ToolChoice.Mode.NAMED, "f", null), request.toolChoice());
    assertEquals(9, request.maxTokens());
    assertEquals(List.of("x"), request.stop());
    assertEquals(new ThinkingConfig(true, null, null, true), request.thinking());
  }

  @Test
  void idsAreKeptWhenGivenAndMadeUpWhenNot() {
    CanonicalRequest request = decode("{\"contents\":["
      + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"id\":\"abc\",\"name\":\"f\",\"args\":{}}},"
      + "{\"functionCall\":{\"name\":\"f\"}}]},"
      + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"id\":\"abc\",\"name\":\"f\",\"response\":{}}},"
      + "{\"functionResponse\":{\"name\":\"f\",\"response\":{\"x\":1}}},"
      + "{\"functionResponse\":{\"name\":\"g\",\"response\":{\"error\":\"timeout\"}}}]}]}");
    assertEquals(List.of(new Part.ToolCall("abc", "f", "{}"), new Part.ToolCall("call_1", "f", "{}")),
      request.messages().get(0).parts());
    assertEquals(List.of(
      new Part.ToolResult("abc", "f", List.of(Part.Text.of("{}")), false),
      new Part.ToolResult("call_1", "f", List.of(Part.Text.of("{\"x\":1}")), false),
      // an answer to a call the client trimmed from the history; a lone "error" key marks a failed call
      new Part.ToolResult("call_2", "g", List.of(Part.Text.of("{\"error\":\"timeout\"}")), true)),
      request.messages().get(1).parts());
  }

  @Test
  void partKindsWithoutCanonicalEquivalentAreDroppedNotRejected() {
    CanonicalRequest request = decode(user("{\"text\":\"Run it\"},{\"executableCode\":{\"language\":\"PYTHON\","
      + "\"code\":\"print(1)\"}},{\"codeExecutionResult\":{\"outcome\":\"OUTCOME_OK\",\"output\":\"1\"}},"
      + "{\"videoMetadata\":{\"startOffset\":\"1s\"}},{\"someFuturePart\":{}}") + "}");
    assertEquals(List.of(Part.Text.of("Run it")), request.messages().get(0).parts());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "AUTO      | -         | AUTO  | -",
    "NONE      | -         | NONE  | -",
    "ANY       | -         | ANY   | -",
    "ANY       | [\"f\"]   | NAMED | f",
    // several allowed names: the restriction has no canonical form, the mode survives
    "ANY       | [\"f\",\"g\"] | ANY | -",
    // VALIDATED only adds schema adherence, which every other dialect applies anyway
    "VALIDATED | -         | AUTO  | -",
  })
  void toolConfigBecomesToolChoice(String mode, String names, ToolChoice.Mode expected, String name) {
    String config = "{\"mode\":\"" + mode + "\"" + (names == null ? "" : ",\"allowedFunctionNames\":" + names) + "}";
    CanonicalRequest request = decode(user("{\"text\":\"Hi\"}") + ",\"toolConfig\":{\"functionCallingConfig\":"
      + config + "}}");
    assertEquals(new ToolChoice(expected, name, null), request.toolChoice());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "{\"thinkingBudget\":0}                         | false | 0    | -      | false",
    "{\"thinkingBudget\":-1}                        | true  | -    | -      | true",
    "{\"thinkingBudget\":2048}                      | true  | 2048 | -      | false",
    "{\"thinkingLevel\":\"low\"}                    | true  | -    | low    | false",
    "{\"thinkingLevel\":\"MINIMAL\"}                | true  | -    | low    | false",
    "{\"thinkingLevel\":\"high\"}                   | true  | -    | high   | false",
    "{\"includeThoughts\":true}                     | true  | -    | -      | true",
  })
  void thinkingConfigBecomesCanonical(String config, boolean enabled, Integer budget, String effort,
                                      boolean adaptive) {
    CanonicalRequest request = decode(user("{\"text\":\"Hi\"}") + ",\"generationConfig\":{\"thinkingConfig\":"
      + config + "}}");
    assertEquals(new ThinkingConfig(enabled, budget, effort, adaptive), request.thinking());
  }

  @Test
  void responseMimeTypeAndSchemaBecomeResponseFormat() {
    String head = user("{\"text\":\"Hi\"}") + ",\"generationConfig\":{\"responseMimeType\":";
    assertEquals(new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, null, null, null),
      decode(head + "\"application/json\"}}").responseFormat());
    assertEquals(new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, "response",
        new JsonObject("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"), null),
      decode(head + "\"application/json\",\"responseSchema\":{\"type\":\"ARRAY\",\"items\":{\"type\":\"STRING\"}}}}")
        .responseFormat());
    assertEquals(new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, "response",
        new JsonObject("{\"type\":\"object\",\"additionalProperties\":false}"), null),
      decode(head + "\"application/json\",\"responseJsonSchema\":{\"type\":\"object\","
        + "\"additionalProperties\":false}}}")
        .responseFormat());
    // text/x.enum answers with a bare enum value: no other dialect has that mode
    assertNull(decode(head + "\"text/x.enum\",\"responseSchema\":{\"type\":\"STRING\",\"enum\":[\"a\"]}}}")
      .responseFormat());
  }

  /** One part in one user turn, then more top-level fields: {@code PART + "{...}" + MORE + ",...}"}. */
  private static final String PART = "{\"contents\":[{\"parts\":[";
  private static final String MORE = "]}]";
  private static final String OK = PART + "{\"text\":\"a\"}" + MORE;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "no contents              | {}                                   | contents",
    "empty contents           | {\"contents\":[]}                    | contents",
    "object contents          | {\"contents\":{}}                    | contents",
    "content not an object    | {\"contents\":[\"hi\"]}              | contents[0]",
    "unknown role             | {\"contents\":[{\"role\":\"system\",\"parts\":[]}]} | contents[0].role",
    "no parts                 | {\"contents\":[{\"role\":\"user\"}]} | contents[0].parts",
    "part not an object       | " + PART + "{\"text\":\"a\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]},"
      + "{\"parts\":[\"c\"]}]}                                      | contents[2].parts[0]",
    "text not a string        | " + PART + "{\"text\":5}" + MORE + "} | contents[0].parts[0].text",
    "inline data without data | " + PART + "{\"inlineData\":{\"mimeType\":\"image/png\"}}" + MORE + "}"
      + "                                                             | contents[0].parts[0].inlineData.data",
    "call without name        | " + PART + "{\"functionCall\":{\"args\":{}}}" + MORE + "}"
      + "                                                             | contents[0].parts[0].functionCall.name",
    "call args not an object  | " + PART + "{\"functionCall\":{\"name\":\"f\",\"args\":[1]}}" + MORE + "}"
      + "                                                             | contents[0].parts[0].functionCall.args",
    "response not an object   | " + PART + "{\"functionResponse\":{\"name\":\"f\",\"response\":\"ok\"}}" + MORE + "}"
      + "                                                             | contents[0].parts[0].functionResponse.response",
    "system not an object     | " + OK + ",\"systemInstruction\":5}  | systemInstruction",
    "temperature not a number | " + OK + ",\"generationConfig\":{\"temperature\":\"hot\"}}"
      + "                                                             | generationConfig.temperature",
    "fractional max tokens    | " + OK + ",\"generationConfig\":{\"maxOutputTokens\":1.5}}"
      + "                                                             | generationConfig.maxOutputTokens",
    "stop not a string        | " + OK + ",\"generationConfig\":{\"stopSequences\":[1]}}"
      + "                                                             | generationConfig.stopSequences[0]",
    "declaration without name | " + OK + ",\"tools\":[{\"functionDeclarations\":[{\"description\":\"d\"}]}]}"
      + "                                                             | tools[0].functionDeclarations[0].name",
    "unknown calling mode     | " + OK + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"SOMETIMES\"}}}"
      + "                                                             | toolConfig.functionCallingConfig.mode",
  })
  void badInputIsABadRequestNamingTheField(String label, String body, String field) {
    GatewayException e = assertThrows(GatewayException.class, () -> decode(body));
    assertEquals(ErrorKind.BAD_REQUEST, e.kind());
    assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage() + " does not name " + field);
  }

  @Test
  void aMissingModelOrBodyIsABadRequest() {
    JsonObject body = new JsonObject(user("{\"text\":\"a\"}") + "}");
    assertEquals(ErrorKind.BAD_REQUEST,
      assertThrows(GatewayException.class, () -> gemini.decodeRequest(body, "models/", false)).kind());
    assertEquals(ErrorKind.BAD_REQUEST,
      assertThrows(GatewayException.class, () -> gemini.decodeRequest(null, "gemini-2.5-flash", false)).kind());
  }
}

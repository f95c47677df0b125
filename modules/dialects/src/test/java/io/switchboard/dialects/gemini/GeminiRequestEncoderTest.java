package io.switchboard.dialects.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The body a Gemini upstream receives for a request that came in another dialect. */
class GeminiRequestEncoderTest {
  private final GeminiWireFormat gemini = new GeminiWireFormat();

  private static CanonicalRequest request(String model, List<Message> messages, List<Tool> tools, ToolChoice choice,
                                          ThinkingConfig thinking) {
    return new CanonicalRequest(model, List.of(), messages, tools, choice, null, null, null, null, null, null, null,
      thinking, null, false);
  }

  private static List<Message> hello() {
    return List.of(new Message(Role.USER, List.of(Part.Text.of("Hello"))));
  }

  /** An Anthropic-style conversation, as the Anthropic decoder would hand it over. */
  @Test
  void requestFromAnotherDialectMatchesTheGoldenBody() {
    JsonObject dirtySchema = new JsonObject("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
      + "\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City name\"}},"
      + "\"required\":[\"city\"],\"additionalProperties\":false}");
    CanonicalRequest request = new CanonicalRequest("gemini-2.5-flash",
      List.of(new Part.Text("You are terse.", new JsonObject().put("type", "ephemeral"))),
      List.of(
        new Message(Role.USER, List.of(
          Part.Text.of("Describe both images, then check the weather in Paris."),
          new Part.Image("https://example.com/cat.png?size=large", null, null, "high"),
          new Part.Image("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==", null, null, "low"))),
        new Message(Role.ASSISTANT, List.of(
          new Part.Thinking("Two images and a tool call.", "EqQBCkYIBRgCKkBzaWduYXR1cmU="),
          new Part.RedactedThinking("EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"),
          Part.Text.of("A cat and a chart. Checking the weather."),
          new Part.ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"city\":\"Paris\"}"),
          new Part.ToolCall("toolu_02", "lookup", ""))),
        new Message(Role.USER, List.of(
          new Part.ToolResult("toolu_01A09q90qw90lq917835lq9", "get_weather", List.of(Part.Text.of("18°C and sunny")),
            false),
          new Part.ToolResult("toolu_02", "lookup", List.of(Part.Text.of("service down")), true))),
        new Message(Role.USER, List.of(Part.Text.of("Thanks. Summarise as JSON.")))),
      List.of(new Tool("get_weather", "Weather by city", dirtySchema),
        new Tool("lookup", null, new JsonObject("{\"type\":\"object\",\"properties\":{}}"))),
      new ToolChoice(ToolChoice.Mode.NAMED, "get_weather", false), 1024, 0.2, null, null,
      List.of("s1", "s2", "s3", "s4", "s5", "s6"), 7L,
      new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, "weather_summary", new JsonObject(
        "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"},\"celsius\":{\"type\":\"number\"}},"
          + "\"required\":[\"summary\",\"celsius\"],\"additionalProperties\":false}"), true),
      new ThinkingConfig(true, null, "medium", false), "user-123", true);

    JsonObject body = gemini.encodeRequest(request);

    assertEquals(GoldenFiles.json("request-from-canonical.json"), body);
    // each dropped field, by name: what the golden body shows is missing
    assertFalse(body.containsKey("model"), "the model travels in the URL");
    assertFalse(body.encode().contains("user-123"), "user: Gemini has no end-user field");
    assertFalse(body.encode().contains("ephemeral"), "cacheControl: Gemini caches through cachedContent");
    assertFalse(body.encode().contains("high"), "image detail: Gemini has no such setting");
    assertFalse(body.encode().contains("Two images"), "thinking: Gemini reads only its own signed thoughts");
    assertFalse(body.encode().contains("EmwKAhgB"), "redacted thinking: only Anthropic can read it");
    assertFalse(body.encode().contains("toolu_"), "call ids: Gemini pairs calls and answers by name and order");
    assertFalse(body.encode().contains("s6"), "stop sequences past Gemini's limit of five");
    assertFalse(body.encode().contains("weather_summary"), "response format name: Gemini has none");
    assertFalse(body.encode().contains("strict"), "strict: Gemini always follows the schema");
    assertFalse(body.getJsonObject("toolConfig").encode().contains("parallel"), "parallel: Gemini has no switch");
  }

  @Test
  void geminiThreeGetsTheDocumentedSignatureBypassOnTheFirstCallOfEachModelTurn() {
    List<Message> messages = List.of(
      new Message(Role.USER, List.of(Part.Text.of("Weather in Paris and Rome?"))),
      new Message(Role.ASSISTANT, List.of(Part.Text.of("Checking."), new Part.ToolCall("a", "w", "{\"c\":\"Paris\"}"),
        new Part.ToolCall("b", "w", "{\"c\":\"Rome\"}"))),
      new Message(Role.USER, List.of(new Part.ToolResult("a", "w", List.of(Part.Text.of("sun")), false),
        new Part.ToolResult("b", "w", List.of(Part.Text.of("rain")), false))));
    JsonArray parts = gemini.encodeRequest(request("models/gemini-3-pro-preview", messages, List.of(), null, null))
      .getJsonArray("contents").getJsonObject(1).getJsonArray("parts");
    assertNull(parts.getJsonObject(0).getValue("thoughtSignature"));
    assertEquals(GeminiRequestEncoder.SKIP_SIGNATURE, parts.getJsonObject(1).getString("thoughtSignature"));
    assertNull(parts.getJsonObject(2).getValue("thoughtSignature"), "parallel calls: only the first is signed");

    JsonObject older = gemini.encodeRequest(request("gemini-2.5-flash", messages, List.of(), null, null));
    assertFalse(older.encode().contains("thoughtSignature"), "Gemini 2.5 does not validate signatures");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "budget      | true  | 2048  | -       | false | {\"includeThoughts\":true,\"thinkingBudget\":2048}",
    // Flash answers 400 above 24576; Claude Code asks for 31999
    "big budget  | true  | 31999 | -       | false | {\"includeThoughts\":true,\"thinkingBudget\":24576}",
    "low         | true  | -     | low     | false | {\"includeThoughts\":true,\"thinkingBudget\":1024}",
    "medium      | true  | -     | medium  | false | {\"includeThoughts\":true,\"thinkingBudget\":8192}",
    "high        | true  | -     | high    | false | {\"includeThoughts\":true,\"thinkingBudget\":24576}",
    "adaptive    | true  | -     | -       | true  | {\"includeThoughts\":true,\"thinkingBudget\":-1}",
    // off: nothing is sent, as 2.5 Pro and Gemini 3 cannot stop thinking and reject a budget of 0
    "disabled    | false | -     | -       | false | -",
  })
  void thinkingBecomesThinkingConfig(String label, boolean enabled, Integer budget, String effort, boolean adaptive,
                                     String expected) {
    JsonObject body = gemini.encodeRequest(request("gemini-2.5-flash", hello(), List.of(), null,
      new ThinkingConfig(enabled, budget, effort, adaptive)));
    JsonObject config = body.getJsonObject("generationConfig");
    assertEquals(expected == null ? null : new JsonObject(expected),
      config == null ? null : config.getJsonObject("thinkingConfig"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "AUTO  | -  | {\"mode\":\"AUTO\"}",
    "NONE  | -  | {\"mode\":\"NONE\"}",
    "ANY   | -  | {\"mode\":\"ANY\"}",
    "NAMED | f  | {\"mode\":\"ANY\",\"allowedFunctionNames\":[\"f\"]}",
  })
  void toolChoiceBecomesFunctionCallingConfig(ToolChoice.Mode mode, String name, String expected) {
    JsonObject body = gemini.encodeRequest(request("gemini-2.5-flash", hello(),
      List.of(new Tool("f", null, null)), new ToolChoice(mode, name, null), null));
    assertEquals(new JsonObject(expected), body.getJsonObject("toolConfig").getJsonObject("functionCallingConfig"));
    assertEquals(new JsonObject("{\"name\":\"f\"}"),
      body.getJsonArray("tools").getJsonObject(0).getJsonArray("functionDeclarations").getJsonObject(0));
  }

  @Test
  void aToolChoiceWithoutToolsIsNotSent() {
    JsonObject body = gemini.encodeRequest(request("gemini-2.5-flash", hello(), List.of(), ToolChoice.AUTO, null));
    assertEquals(new JsonObject("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}]}"), body);
  }

  @Test
  void toolResultsBecomeObjectsAndEmptyTurnsDisappear() {
    List<Message> messages = List.of(
      new Message(Role.USER, List.of(Part.Text.of("Go"))),
      // only thinking: nothing Gemini can take, so the whole turn goes and the user turns around it merge
      new Message(Role.ASSISTANT, List.of(new Part.Thinking("hmm", "sig"))),
      new Message(Role.USER, List.of(Part.Text.of(""), new Part.ToolResult("t1", "f",
        List.of(Part.Text.of("[1,2]"), new Part.Image(null, "image/png", "AAA=", null)), false))),
      new Message(Role.ASSISTANT, List.of(new Part.ToolCall("t2", "f", "{\"truncated\":"))));
    assertEquals(new JsonObject("{\"contents\":["
      + "{\"role\":\"user\",\"parts\":[{\"text\":\"Go\"},"
      + "{\"functionResponse\":{\"name\":\"f\",\"response\":{\"result\":\"[1,2]\"}}}]},"
      + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":{}}}]}]}"),
      gemini.encodeRequest(request("gemini-2.5-flash", messages, List.of(), null, null)));
  }
}

package io.switchboard.dialects.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.api.Usage;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.StopReason;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Complete Gemini answers read into the canonical model and written for Gemini clients. */
class GeminiResponsesTest {
  private final GeminiWireFormat gemini = new GeminiWireFormat();

  @Test
  void textAnswerWithThoughtsDecodes() {
    ChatResponse response = gemini.decodeResponse(GoldenFiles.json("response-text.json"));
    assertEquals("Il0taoSYJ5Cez7IPqfTW2Ac", response.id());
    assertEquals("gemini-2.5-flash", response.model());
    // thought parts join into one block with the signature; text parts join too, their signatures dropped
    assertEquals(List.of(
      new Part.Thinking("**Adding numbers**\nThe user asks for 1+1. That is 2.", "EjQKMgEMOdbHmY2hlY2tzdW0tb25l"),
      Part.Text.of("1 + 1 equals 2.")), response.content());
    assertEquals(StopReason.END_TURN, response.stopReason());
    assertNull(response.stopDetail());
    // canonical output = candidates 6 + thoughts 100; input includes the 4 cached tokens, as Gemini counts them
    assertEquals(new Usage(15, 106, 4, 0, 100), response.usage());
  }

  @Test
  void textAnswerEncodesForAGeminiClient() {
    ChatResponse response = gemini.decodeResponse(GoldenFiles.json("response-text.json"));
    // safetyRatings and promptTokensDetails have no canonical home and are gone
    assertEquals(GoldenFiles.json("response-text.encoded.json"), gemini.encodeResponse(response, "my-gemini"));
  }

  @Test
  void functionCallsDecodeWithMadeUpIdsAndEncodeWithThem() {
    ChatResponse response = gemini.decodeResponse(GoldenFiles.json("response-function-call.json"));
    assertEquals(List.of(
      new Part.ToolCall("call_1", "set_light_values", "{\"brightness\":25,\"color_temp\":\"warm\"}"),
      new Part.ToolCall("call_2", "set_light_values", "{\"brightness\":80,\"color_temp\":\"cool\"}")),
      response.content());
    assertEquals(StopReason.TOOL_USE, response.stopReason(), "STOP with function calls is a tool use");
    assertEquals(new Usage(73, 36, 0, 0, 0), response.usage());
    // the ids go to the client, which sends them back on functionResponse so results pair up exactly
    assertEquals(GoldenFiles.json("response-function-call.encoded.json"),
      gemini.encodeResponse(response, "gemini-2.5-flash"));
  }

  /** An Anthropic answer as the Anthropic decoder would hand it over. */
  @Test
  void answerFromAnotherDialectMatchesTheGoldenBody() {
    ChatResponse response = new ChatResponse("msg_01XFDUDYJgAACzvnptvVoYEL", "claude-sonnet-4-5", List.of(
      new Part.Thinking("The user wants Paris weather.", "EqQBCkYIBRgCKkBzaWduYXR1cmU="),
      new Part.RedactedThinking("EmwKAhgBEgy3va3pzix"),
      Part.Text.of("Let me check."),
      new Part.ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"city\":\"Paris\"}")),
      StopReason.TOOL_USE, null, new Usage(2095, 503, 1800, 0, 0));
    JsonObject body = gemini.encodeResponse(response, "gemini-2.5-pro");
    assertEquals(GoldenFiles.json("response-from-canonical.json"), body);
    assertFalse(body.encode().contains("EmwKAhgB"), "redacted thinking: only Anthropic can read it");
  }

  @Test
  void cacheWriteTokensHaveNoGeminiCounterButStayInThePromptCount() {
    JsonObject usage = GeminiUsage.write(new Usage(1000, 50, 0, 600, 0));
    assertEquals(new JsonObject("{\"promptTokenCount\":1000,\"candidatesTokenCount\":50,\"totalTokenCount\":1050}"),
      usage);
  }

  @Test
  void usageRoundTripsAndToolUsePromptTokensCountAsInput() {
    Usage usage = new Usage(100, 50, 20, 0, 30);
    JsonObject written = GeminiUsage.write(usage);
    assertEquals(new JsonObject("{\"promptTokenCount\":100,\"candidatesTokenCount\":20,\"totalTokenCount\":150,"
      + "\"cachedContentTokenCount\":20,\"thoughtsTokenCount\":30}"), written);
    assertEquals(usage, GeminiUsage.read(written));
    assertEquals(new Usage(130, 5, 0, 0, 0), GeminiUsage.read(new JsonObject(
      "{\"promptTokenCount\":100,\"candidatesTokenCount\":5,\"toolUsePromptTokenCount\":30,\"totalTokenCount\":135}")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "STOP                    | END_TURN       | -",
    "MAX_TOKENS              | MAX_TOKENS     | -",
    "SAFETY                  | CONTENT_FILTER | SAFETY",
    "RECITATION              | CONTENT_FILTER | RECITATION",
    "BLOCKLIST               | CONTENT_FILTER | BLOCKLIST",
    "PROHIBITED_CONTENT      | CONTENT_FILTER | PROHIBITED_CONTENT",
    "SPII                    | CONTENT_FILTER | SPII",
    "MALFORMED_FUNCTION_CALL | OTHER          | MALFORMED_FUNCTION_CALL",
    "OTHER                   | OTHER          | OTHER",
    "LANGUAGE                | OTHER          | LANGUAGE",
  })
  void finishReasonsMapAndTheOriginalIsKept(String finish, StopReason expected, String detail) {
    ChatResponse response = gemini.decodeResponse(new JsonObject("{\"candidates\":[{\"content\":{\"parts\":"
      + "[{\"text\":\"x\"}],\"role\":\"model\"},\"finishReason\":\"" + finish + "\",\"index\":0}]}"));
    assertEquals(expected, response.stopReason());
    assertEquals(detail, response.stopDetail());
    // and a Gemini client gets Gemini's own name back
    assertEquals(finish, gemini.encodeResponse(response, "m").getJsonArray("candidates").getJsonObject(0)
      .getString("finishReason"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "END_TURN       | -             | STOP",
    "STOP_SEQUENCE  | ###           | STOP",
    "TOOL_USE       | -             | STOP",
    "MAX_TOKENS     | -             | MAX_TOKENS",
    "CONTENT_FILTER | refusal       | SAFETY",
    // Anthropic's pause_turn has no Gemini name: the turn did end, the client may continue it
    "PAUSE_TURN     | -             | STOP",
    "OTHER          | function_call | OTHER",
  })
  void canonicalStopReasonsBecomeGeminiNames(StopReason reason, String detail, String expected) {
    ChatResponse response = new ChatResponse("r", "m", List.of(Part.Text.of("x")), reason, detail, null);
    JsonObject body = gemini.encodeResponse(response, "gemini-2.5-flash");
    assertEquals(expected, body.getJsonArray("candidates").getJsonObject(0).getString("finishReason"));
    assertFalse(body.containsKey("usageMetadata"), "no usage known: none written");
  }

  @Test
  void aBlockedPromptIsAContentFilterWithTheBlockReason() {
    ChatResponse response = gemini.decodeResponse(new JsonObject("{\"promptFeedback\":{\"blockReason\":\"SAFETY\","
      + "\"safetyRatings\":[]},\"usageMetadata\":{\"promptTokenCount\":9,\"totalTokenCount\":9},"
      + "\"modelVersion\":\"gemini-2.5-flash\"}"));
    assertEquals(List.of(), response.content());
    assertEquals(StopReason.CONTENT_FILTER, response.stopReason());
    assertEquals("SAFETY", response.stopDetail());
    assertEquals(new Usage(9, 0, 0, 0, 0), response.usage());
    // an empty answer still has the one part SDKs read without checking
    assertEquals(new JsonObject("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},"
      + "\"finishReason\":\"SAFETY\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,\"totalTokenCount\":9},"
      + "\"modelVersion\":\"g\"}"), gemini.encodeResponse(response, "g"));
  }
}

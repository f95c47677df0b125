package io.switchboard.dialects.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.StopReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Complete Messages API answers both ways, and Anthropic's error shape. */
class AnthropicResponsesTest {
  private final AnthropicWireFormat format = new AnthropicWireFormat();

  @ParameterizedTest
  @ValueSource(strings = {"response-text.json", "response-tool-use.json", "response-thinking.json"})
  void goldenResponseRoundTripsExactly(String file) {
    JsonObject body = AnthropicGolden.json(file);
    assertEquals(body, format.encodeResponse(format.decodeResponse(body), null));
  }

  @Test
  void textResponseDecodes() {
    assertEquals(new ChatResponse("msg_013Zva2CMHLNnXjNJJKqJ2EF", "claude-sonnet-4-5-20250929",
      List.of(Part.Text.of("Hi! My name is Claude.")), StopReason.END_TURN, null, new Usage(2095, 503, 0, 0, 0)),
      format.decodeResponse(AnthropicGolden.json("response-text.json")));
  }

  @Test
  void toolUseResponseDecodesWithCachedTokensCountedAsInput() {
    ChatResponse response = format.decodeResponse(AnthropicGolden.json("response-tool-use.json"));
    assertEquals(new Part.ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather",
      "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"), response.content().get(1));
    assertEquals(StopReason.TOOL_USE, response.stopReason());
    // canonical input = input_tokens 384 + cache read 2048 + cache creation 1200
    assertEquals(new Usage(3632, 61, 2048, 1200, 0), response.usage());
  }

  @Test
  void thinkingResponseKeepsSignatureRedactedDataAndStopSequence() {
    ChatResponse response = format.decodeResponse(AnthropicGolden.json("response-thinking.json"));
    assertEquals(new Part.Thinking("Let me analyze this step by step. 27 * 453 = 27 * 400 + 27 * 53 = 10800 + 1431 "
      + "= 12231.", "WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL...."),
      response.content().get(0));
    assertTrue(response.content().get(1) instanceof Part.RedactedThinking);
    assertEquals(StopReason.STOP_SEQUENCE, response.stopReason());
    assertEquals("\n\nHuman:", response.stopDetail());
  }

  @Test
  void responseFromAnotherProviderGetsAMessageIdAndTheClientsModel() {
    ChatResponse response = new ChatResponse("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", "gpt-4o-2024-08-06",
      List.of(new Part.Thinking("reasoning summary", null), new Part.Image(null, "image/png", "iVBORw0KGgo=", null),
        Part.Text.of("Hi")), StopReason.OTHER, "weird",
      new Usage(100, 20, 40, 0, 12));
    // reasoning tokens are already inside output_tokens for Anthropic; an unsigned thinking block gets "" as
    // signature (the SDK's type requires one); a generated image (Gemini) has no Anthropic response block and is
    // dropped; OTHER goes out as end_turn
    assertEquals(new JsonObject("{\"id\":\"msg_chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"type\":\"message\","
      + "\"role\":\"assistant\",\"model\":\"my-alias\",\"content\":["
      + "{\"type\":\"thinking\",\"thinking\":\"reasoning summary\",\"signature\":\"\"},{\"type\":\"text\",\"text\":\"Hi\"}],"
      + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":60,"
      + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":40,\"output_tokens\":20}}"),
      format.encodeResponse(response, "my-alias"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "null", value = {
    "end_turn, END_TURN, null, end_turn",
    "max_tokens, MAX_TOKENS, null, max_tokens",
    "tool_use, TOOL_USE, null, tool_use",
    "refusal, CONTENT_FILTER, null, refusal",
    "pause_turn, PAUSE_TURN, null, pause_turn",
    "model_context_window_exceeded, MAX_TOKENS, model_context_window_exceeded, model_context_window_exceeded",
    "some_future_reason, OTHER, some_future_reason, end_turn",
  })
  void stopReasonsMapBothWays(String anthropic, StopReason canonical, String detail, String back) {
    JsonObject body = AnthropicGolden.json("response-text.json").put("stop_reason", anthropic);
    ChatResponse response = format.decodeResponse(body);
    assertEquals(canonical, response.stopReason());
    assertEquals(detail, response.stopDetail());
    assertEquals(back, format.encodeResponse(response, null).getString("stop_reason"));
  }

  @Test
  void serverToolBlocksAndCitationsAreDroppedFromAResponse() {
    JsonObject body = AnthropicGolden.json("response-text.json").put("content", new io.vertx.core.json.JsonArray(
      "[{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{\"query\":\"q\"}},"
        + "{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[]},"
        + "{\"type\":\"text\",\"text\":\"Found it.\",\"citations\":[{\"type\":\"web_search_result_location\"}]}]"));
    assertEquals(List.of(Part.Text.of("Found it.")), format.decodeResponse(body).content());
  }

  @Test
  void malformedUpstreamResponseIsAnUpstreamError() {
    GatewayException e = assertThrows(GatewayException.class,
      () -> format.decodeResponse(new JsonObject().put("id", "msg_1").put("content", 5)));
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "BAD_REQUEST, invalid_request_error", "UNAUTHENTICATED, authentication_error", "QUOTA_EXHAUSTED, billing_error",
    "FORBIDDEN, permission_error", "MODEL_NOT_FOUND, not_found_error", "BODY_TOO_LARGE, request_too_large",
    "RATE_LIMITED, rate_limit_error", "INTERNAL, api_error", "UPSTREAM_ERROR, api_error",
    "UNAVAILABLE, overloaded_error", "UPSTREAM_TIMEOUT, api_error",
  })
  void errorBodyHasAnthropicsShapeAndReadsBack(ErrorKind kind, String type) {
    Buffer body = format.errorBody(kind, "Something went wrong");
    assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"Something went wrong\"}}",
      body.toString());
    assertEquals("Something went wrong", format.errorMessage(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1]", "{\"error\":{\"message\":\"openai shape\",\"type\":\"x\"}}",
    "{\"type\":\"error\",\"error\":\"flat\"}", "{\"type\":\"error\",\"error\":{\"message\":3}}"})
  void errorMessageIsNullForOtherShapes(String body) {
    assertNull(format.errorMessage(Buffer.buffer(body)));
  }
}

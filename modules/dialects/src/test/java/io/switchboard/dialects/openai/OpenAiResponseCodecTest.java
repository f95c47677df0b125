package io.switchboard.dialects.openai;

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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Complete chat.completion answers to canonical and back, as an OpenAI SDK reads them. */
class OpenAiResponseCodecTest {
  private static final long CREATED = 1741569952L;
  private final OpenAiWireFormat format =
    new OpenAiWireFormat(Clock.fixed(Instant.ofEpochSecond(CREATED), ZoneOffset.UTC));

  @Test
  void toolCallsAnswerDecodes() {
    ChatResponse response = format.decodeResponse(OpenAiGoldenFiles.json("response-tool-calls.json"));

    assertEquals(new ChatResponse("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "gpt-4o-2024-08-06", List.of(
      new Part.ToolCall("call_Jx7dEyvHdPG7Wd1kS2Z3bQpU", "get_current_weather",
        "{\"location\":\"Madison, WI\",\"unit\":\"fahrenheit\"}"),
      new Part.ToolCall("call_9aKmvuJg0lHHbIuO4oA3Nf2x", "get_current_weather",
        "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}")),
      StopReason.TOOL_USE, null, new Usage(82, 51, 64, 0, 0)), response);
  }

  /**
   * Back out, the answer is OpenAI's but for what canonical does not carry: system_fingerprint, service_tier,
   * message.annotations, and the audio and prediction token counts.
   */
  @Test
  void toolCallsAnswerComesBackAsItWasSaid() {
    JsonObject golden = OpenAiGoldenFiles.json("response-tool-calls.json");
    JsonObject expected = golden.copy();
    expected.remove("system_fingerprint");
    expected.remove("service_tier");
    expected.getJsonArray("choices").getJsonObject(0).getJsonObject("message").remove("annotations");
    expected.getJsonObject("usage").getJsonObject("prompt_tokens_details").remove("audio_tokens");
    JsonObject completionDetails = expected.getJsonObject("usage").getJsonObject("completion_tokens_details");
    completionDetails.remove("audio_tokens");
    completionDetails.remove("accepted_prediction_tokens");
    completionDetails.remove("rejected_prediction_tokens");

    JsonObject encoded = format.encodeResponse(format.decodeResponse(golden), "gpt-4o-2024-08-06");
    assertEquals(expected, encoded);
    assertEquals(List.copyOf(expected.fieldNames()), List.copyOf(encoded.fieldNames()), "OpenAI's own field order");
  }

  /** reasoning_content, the DeepSeek/vLLM/LiteLLM convention, becomes a Thinking part before the text and back. */
  @Test
  void reasoningContentAnswerRoundTrips() {
    JsonObject golden = OpenAiGoldenFiles.json("response-reasoning.json");
    ChatResponse response = format.decodeResponse(golden);
    assertEquals(List.of(
      new Part.Thinking("Compare the tenths: 9.11 has 1 tenth, 9.8 has 8 tenths, so 9.11 < 9.8.", null),
      Part.Text.of("9.11 is smaller than 9.8.")), response.content());
    assertEquals(new Usage(15, 120, 0, 0, 98), response.usage());

    JsonObject expected = golden.copy();
    expected.remove("system_fingerprint");
    expected.getJsonObject("usage").remove("prompt_cache_hit_tokens"); // DeepSeek's own: cached_tokens says it
    expected.getJsonObject("usage").remove("prompt_cache_miss_tokens");
    assertEquals(expected, format.encodeResponse(response, "deepseek-reasoner"));
  }

  @Test
  void anAnswerFromAnotherDialectReadsAsOpenAi() {
    ChatResponse anthropic = new ChatResponse("msg_01XFDUDYJgAACzvnptvVoYEL", "claude-sonnet-4", List.of(
      new Part.Thinking("Let me look", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pk"),
      new Part.RedactedThinking("EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"),
      new Part.Thinking(" up.", null),
      Part.Text.of("The capital"), Part.Text.of(" is Paris."),
      new Part.ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"city\":\"Paris\"}")),
      StopReason.TOOL_USE, null, new Usage(2095, 503, 1800, 200, 120));

    assertEquals(new JsonObject("""
      {"id":"chatcmpl-msg_01XFDUDYJgAACzvnptvVoYEL","object":"chat.completion","created":1741569952,
       "model":"my-claude","choices":[{"index":0,"message":{"role":"assistant","content":"The capital is Paris.",
       "reasoning_content":"Let me look up.","tool_calls":[{"id":"toolu_01A09q90qw90lq917835lq9","type":"function",
       "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}],"refusal":null},"logprobs":null,
       "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":2095,"completion_tokens":503,"total_tokens":2598,
       "prompt_tokens_details":{"cached_tokens":1800},"completion_tokens_details":{"reasoning_tokens":120}}}"""),
      format.encodeResponse(anthropic, "my-claude"),
      "signatures and redacted thinking are dropped; cache writes stay inside prompt_tokens with no field of their own");
  }

  @Test
  void emptyAnswersAndRefusals() {
    JsonObject empty = format.encodeResponse(new ChatResponse("chatcmpl-1", "m", List.of(), StopReason.MAX_TOKENS,
      null, null), "m");
    assertEquals("", empty.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content"),
      "OpenAI says \"\" when the model said nothing (all tokens spent reasoning)");
    assertEquals("length", empty.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
    assertTrue(!empty.containsKey("usage"), "no usage known: none written");

    ChatResponse refused = format.decodeResponse(new JsonObject("""
      {"id":"chatcmpl-2","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":null,
       "refusal":"I'm sorry, I cannot help with that."},"finish_reason":"stop"}]}"""));
    assertEquals(List.of(Part.Text.of("I'm sorry, I cannot help with that.")), refused.content(),
      "a refusal is kept as text so a client of another dialect reads why; back out it is content, refusal null");
  }

  @ParameterizedTest
  @CsvSource({"stop,END_TURN,", "length,MAX_TOKENS,", "tool_calls,TOOL_USE,", "content_filter,CONTENT_FILTER,",
    "function_call,TOOL_USE,function_call", "insufficient_system_resource,OTHER,insufficient_system_resource"})
  void finishReasonsDecode(String finish, StopReason reason, String detail) {
    ChatResponse response = format.decodeResponse(new JsonObject().put("choices", new io.vertx.core.json.JsonArray()
      .add(new JsonObject().put("index", 0).put("message", new JsonObject()).put("finish_reason", finish))));
    assertEquals(reason, response.stopReason());
    assertEquals(detail, response.stopDetail());
  }

  /** OpenAI has one "stop" for a natural end and a stop sequence; Anthropic's pause_turn and unknowns say it too. */
  @ParameterizedTest
  @CsvSource({"END_TURN,stop", "STOP_SEQUENCE,stop", "PAUSE_TURN,stop", "OTHER,stop", "MAX_TOKENS,length",
    "TOOL_USE,tool_calls", "CONTENT_FILTER,content_filter"})
  void stopReasonsEncode(StopReason reason, String finish) {
    JsonObject body = format.encodeResponse(new ChatResponse("chatcmpl-3", "m", List.of(Part.Text.of("x")), reason,
      "whatever", null), "m");
    assertEquals(finish, body.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
  }

  @Test
  void legacyFunctionCallAnswerGetsAnId() {
    ChatResponse response = format.decodeResponse(new JsonObject("""
      {"id":"chatcmpl-4","model":"gpt-3.5-turbo-0613","choices":[{"index":0,"message":{"role":"assistant",
       "content":null,"function_call":{"name":"get_weather","arguments":"{}"}},"finish_reason":"function_call"}]}"""));
    assertEquals(List.of(new Part.ToolCall("call_0", "get_weather", "{}")), response.content());
  }

  @Test
  void completionIdsKeepOpenAisShape() {
    assertEquals("chatcmpl-abc", OpenAiCanonicalResponses.completionId("chatcmpl-abc"));
    assertEquals("chatcmpl-msg_01", OpenAiCanonicalResponses.completionId("msg_01"));
    assertTrue(OpenAiCanonicalResponses.completionId(null).matches("chatcmpl-[0-9a-f]{32}"));
  }

  @Test
  void anAnswerWithoutChoicesIsAnUpstreamError() {
    GatewayException e = assertThrows(GatewayException.class,
      () -> format.decodeResponse(new JsonObject("{\"id\":\"x\",\"choices\":[]}")));
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
  }

  @Test
  void errorsAreOpenAiShaped() {
    assertEquals(new JsonObject("""
      {"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"""),
      format.errorBody(ErrorKind.RATE_LIMITED, "Rate limit reached").toJsonObject());
    assertEquals("Invalid API key", format.errorMessage(Buffer.buffer(
      "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));
    assertNull(format.errorMessage(Buffer.buffer("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}")));
    assertNull(format.errorMessage(Buffer.buffer("<html>502 Bad Gateway</html>")));
  }
}

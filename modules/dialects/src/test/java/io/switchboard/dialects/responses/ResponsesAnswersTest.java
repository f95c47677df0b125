package io.switchboard.dialects.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.StopReason;
import io.switchboard.dialects.GoldenFiles;
import io.switchboard.dialects.WireFormats;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Complete Responses answers: an upstream's read into the canonical answer, and another dialect's written. */
class ResponsesAnswersTest {
  private final ResponsesWireFormat format = ResponsesTranscripts.FORMAT;

  /**
   * Anthropic's answers for Codex: each block one output item, thinking's signature and redacted thinking as
   * encrypted_content, usage in OpenAI's counting, and the parameters of Codex's request repeated (store false).
   */
  @ParameterizedTest
  @ValueSource(strings = {"thinking", "tool-use"})
  void anthropicAnswersForACodexClient(String golden) {
    ChatResponse answer = WireFormats.of(Dialect.ANTHROPIC)
      .decodeResponse(GoldenFiles.json("anthropic/response-" + golden + ".json"));

    assertEquals(GoldenFiles.json("responses/response-from-anthropic-" + golden + ".json"),
      format.encodeResponse(answer, "gpt-5-codex", GoldenFiles.json("responses/request-codex.json")));
  }

  @Test
  void upstreamAnswerWithReasoningAndACall() {
    ChatResponse answer = format.decodeResponse(GoldenFiles.json("responses/upstream-response-reasoning-call.json"));

    assertEquals(new ChatResponse("resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b", "gpt-5-2025-08-07",
      List.of(new Part.Thinking("**Checking the weather**\n\nThe user asks about Paris; I should call get_weather."
          + "\n\n**Choosing units**\n\nCelsius suits Paris.", ResponsesTranscripts.ENCRYPTED),
        new Part.ToolCall("call_uUd4nWfTmqL8qkWsXQXrO2Ps", "get_weather", "{\"location\":\"Paris, France\"}")),
      StopReason.TOOL_USE, null, new Usage(75, 148, 0, 0, 128)), answer);
  }

  /** Modelled on OpenAI's reasoning guide: max_output_tokens ran out while the answer was being written. */
  @Test
  void incompleteUpstreamAnswer() {
    ChatResponse answer = format.decodeResponse(GoldenFiles.json("responses/upstream-response-incomplete.json"));

    assertEquals(List.of(Part.Text.of("The three laws of")), answer.content(),
      "a reasoning item with neither summary nor encrypted content carries nothing");
    assertEquals(StopReason.MAX_TOKENS, answer.stopReason());
    assertEquals(new Usage(14, 300, 0, 0, 295), answer.usage());
  }

  @Test
  void stopReasonsAsStatusAndBack() {
    for (StopReason reason : StopReason.values()) {
      JsonObject body = format.encodeResponse(new ChatResponse("x", "m", List.of(Part.Text.of("t")), reason, null,
        Usage.NONE), "m");
      String incomplete = reason == StopReason.MAX_TOKENS ? "max_output_tokens"
        : reason == StopReason.CONTENT_FILTER ? "content_filter" : null;
      assertEquals(incomplete == null ? "completed" : "incomplete", body.getString("status"), reason.name());
      assertEquals(incomplete == null ? null : new JsonObject().put("reason", incomplete),
        body.getValue("incomplete_details"), reason.name());
    }
    JsonObject unknown = new JsonObject("""
      {"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"interrupted"},"output":[
        {"type":"message","content":[{"type":"refusal","refusal":"I can't help with that."}]},
        {"type":"web_search_call","id":"ws_1","status":"completed"},
        {"type":"custom_tool_call","call_id":"c","name":"apply_patch","input":"*** Begin Patch"}]}""");
    ChatResponse answer = format.decodeResponse(unknown);
    assertEquals(StopReason.OTHER, answer.stopReason());
    assertEquals("interrupted", answer.stopDetail());
    assertEquals(List.of(Part.Text.of("I can't help with that."),
      new Part.ToolCall("c", "apply_patch", "{\"input\":\"*** Begin Patch\"}")), answer.content(),
      "a refusal is kept as text; web_search_call has no canonical form");
  }

  /** Without the client's request, OpenAI's defaults stand in (store too: the gateway keeps answers). */
  @Test
  void envelopeWithoutTheClientsRequest() {
    JsonObject body = format.encodeResponse(new ChatResponse(null, "m", List.of(), StopReason.END_TURN, null, null),
      "alias");

    assertEquals("response", body.getString("object"));
    assertEquals(1741290958L, body.getLong("created_at"));
    assertEquals("alias", body.getString("model"));
    assertEquals(true, body.getString("id").matches("resp_[0-9a-f]{32}"), body.getString("id"));
    JsonObject echo = body.copy();
    List.of("id", "object", "created_at", "status", "background", "error", "incomplete_details", "model", "output")
      .forEach(echo::remove);
    assertEquals(new JsonObject("""
      {"instructions":null,"max_output_tokens":null,"parallel_tool_calls":true,"previous_response_id":null,
       "reasoning":{"effort":null,"summary":null},"store":true,"temperature":null,"text":{"format":{"type":"text"}},
       "tool_choice":"auto","tools":[],"top_p":null,"truncation":"disabled","usage":null,"user":null,
       "metadata":{}}"""), echo);
  }

  @Test
  void aFailedUpstreamAnswerIsAnUpstreamError() {
    GatewayException error = assertThrows(GatewayException.class, () -> format.decodeResponse(new JsonObject("""
      {"id":"resp_1","status":"failed","error":{"code":"server_error","message":"The model crashed."},
       "output":[]}""")));

    assertEquals(ErrorKind.UPSTREAM_ERROR, error.kind());
    assertEquals("The model crashed.", error.getMessage());
  }
}

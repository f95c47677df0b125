package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockClient.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class MockAnthropicTest extends MockRouteTest {

  private static final String MESSAGES = "/v1/messages";
  private static final String STREAM = "{\"model\":\"claude-test\",\"max_tokens\":64,\"stream\":true,\"messages\":[]}";
  private static final String PLAIN = "{\"model\":\"claude-test\",\"max_tokens\":64,\"messages\":[]}";


  @Test
  void textStreamIsAnthropicsEventSequence() {
    mock.respond(MockBehavior.ok().withChunks(2).withUsage(7, 2, 3));
    Reply reply = client.post(MESSAGES, STREAM).await();
    String expected = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_mock\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],"
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":7,"
        + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":3,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"tok0 \"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"tok1 \"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    assertEquals(200, reply.status());
    assertEquals("text/event-stream; charset=utf-8", reply.contentType());
    assertEquals(expected, reply.text());
    assertEquals(expected, mock.lastStreamBody().toString());
    assertEquals(expected, String.join("", MockAnthropic.streamEvents("claude-test",
        MockBehavior.ok().withChunks(2).withUsage(7, 2, 3))));
  }

  @Test
  void toolCallStreamOpensWithThinkingThenStreamsTheInputInFragments() {
    mock.respond(TOOL);
    Reply reply = client.post(MESSAGES, STREAM).await();
    String expected = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_mock\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],"
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":7,"
        + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n"
        + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me check.\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig-mock\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
        + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_mock\",\"name\":\"get_weather\",\"input\":{}}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\":\\\"Par\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"is\\\"}\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    assertEquals(expected, reply.text());
  }

  @Test
  void plainMessageCarriesTextAndUsage() {
    mock.respond(MockBehavior.ok().withChunks(2).withUsage(7, 2, 3));
    Reply reply = client.post(MESSAGES, PLAIN).await();
    assertEquals(200, reply.status());
    assertEquals("application/json", reply.contentType());
    assertEquals("{\"id\":\"msg_mock\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"tok0 tok1 \"}],\"stop_reason\":\"end_turn\","
        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":7,\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":3,\"output_tokens\":2}}", reply.text());
  }

  @Test
  void plainToolCallHasThinkingThenToolUse() {
    mock.respond(TOOL);
    JsonObject message = client.post(MESSAGES, PLAIN).await().json();
    assertEquals(new JsonObject("{\"id\":\"msg_mock\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"claude-test\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"Let me check.\","
        + "\"signature\":\"sig-mock\"},{\"type\":\"tool_use\",\"id\":\"toolu_mock\",\"name\":\"get_weather\","
        + "\"input\":{\"city\":\"Paris\"}}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
        + "\"usage\":{\"input_tokens\":7,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
        + "\"output_tokens\":5}}"), message);
  }

  @Test
  void countTokensAnswersThePromptTokens() {
    mock.respond(MockBehavior.ok().withUsage(42, 1, 0));
    Reply reply = client.post("/v1/messages/count_tokens", PLAIN).await();
    assertEquals(200, reply.status());
    assertEquals("{\"input_tokens\":42}", reply.text());
    assertEquals("/v1/messages/count_tokens", mock.received().get(0).path());
  }

  @Test
  void errorsComeInAnthropicsShape() {
    mock.respond(MockBehavior.ok().withStatus(529));
    Reply overloaded = client.post(MESSAGES, STREAM).await();
    mock.respond(MockBehavior.ok().withStatus(429).withRetryAfter("3"));
    Reply limited = client.post(MESSAGES, PLAIN).await();
    mock.respond(MockBehavior.ok().withStatus(500));
    Reply failed = client.post("/v1/messages/count_tokens", PLAIN).await();
    mock.respond(MockBehavior.ok().withStatus(401));
    Reply refused = client.post(MESSAGES, PLAIN).await();
    mock.respond(MockBehavior.ok().withStatus(400));
    Reply invalid = client.post(MESSAGES, PLAIN).await();
    assertEquals(529, overloaded.status());
    assertEquals("application/json", overloaded.contentType());
    assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"mock failure\"}}",
        overloaded.text());
    assertEquals(429, limited.status());
    assertEquals("3", limited.headers().get("retry-after"));
    assertEquals("rate_limit_error", limited.json().getJsonObject("error").getString("type"));
    assertEquals("api_error", failed.json().getJsonObject("error").getString("type"));
    assertEquals("authentication_error", refused.json().getJsonObject("error").getString("type"));
    assertEquals("invalid_request_error", invalid.json().getJsonObject("error").getString("type"));
  }

  @Test
  void aCustomErrorBodyIsSentAsGiven() {
    String body = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}";
    mock.respond(MockBehavior.ok().withStatus(429, body));
    Reply reply = client.post(MESSAGES, PLAIN).await();
    assertEquals(429, reply.status());
    assertEquals(body, reply.text());
  }

  @Test
  void aBodyThatIsNotJsonIsAnInvalidRequest() {
    Reply reply = client.post(MESSAGES, "{not json").await();
    assertEquals(400, reply.status());
    assertEquals("invalid_request_error", reply.json().getJsonObject("error").getString("type"));
  }

  @Test
  void abortCutsAfterTheTextDeltas() {
    mock.respond(MockBehavior.ok().withChunks(5).withAbortAfterChunks(2));
    String got = client.cutShort(MESSAGES, STREAM).await().toString();
    assertTrue(got.endsWith("\"text\":\"tok1 \"}}\n\n"), got);
    assertFalse(got.contains("tok2"));
    assertFalse(got.contains("message_stop"));
    assertEquals(got, mock.lastStreamBody().toString());
  }

  @Test
  void modelsListInAnthropicsShapeWhenTheVersionHeaderIsSent() {
    Reply anthropic = client.send(client.options(HttpMethod.GET, "/v1/models")
        .putHeader("anthropic-version", "2023-06-01"), "").await();
    Reply openAi = client.get("/v1/models").await();
    JsonObject list = anthropic.json();
    assertEquals("model", list.getJsonArray("data").getJsonObject(0).getString("type"));
    assertEquals("claude-sonnet-4-5", list.getString("first_id"));
    assertFalse(list.getBoolean("has_more"));
    assertEquals("list", openAi.json().getString("object"));
  }

  @Test
  void receivedKeepsAnthropicHeaders() {
    client.send(client.options(HttpMethod.POST, MESSAGES + "?beta=true").putHeader("x-api-key", "sk-ant-test")
        .putHeader("anthropic-version", "2023-06-01").putHeader("anthropic-beta", "a-1,b-2"), PLAIN).await();
    ReceivedRequest got = mock.received().get(0);
    assertEquals("sk-ant-test", got.headers().get("X-Api-Key"));
    assertEquals("a-1,b-2", got.headers().get("anthropic-beta"));
    assertEquals("beta=true", got.query());
    assertEquals("claude-test", got.json().getString("model"));
  }
}

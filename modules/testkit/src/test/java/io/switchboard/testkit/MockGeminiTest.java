package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockClient.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class MockGeminiTest extends MockRouteTest {

  private static final String GENERATE = "/v1beta/models/gemini-test:generateContent";
  private static final String STREAM = "/v1beta/models/gemini-test:streamGenerateContent";
  private static final String BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
  private static final String TAIL = "\"modelVersion\":\"gemini-test\",\"responseId\":\"mock-response\"}";
  private static final String CHUNK0 = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"tok0 \"}],"
      + "\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":7,\"totalTokenCount\":7}," + TAIL;
  private static final String CHUNK1 = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"tok1 \"}],"
      + "\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":7,\"totalTokenCount\":7}," + TAIL;
  private static final String LAST = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],"
      + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":7,"
      + "\"candidatesTokenCount\":2,\"totalTokenCount\":9,\"cachedContentTokenCount\":3}," + TAIL;
  private static final MockBehavior TEXT = MockBehavior.ok().withChunks(2).withUsage(7, 2, 3);


  @Test
  void sseStreamSendsOneChunkPerTokenThenTheFinish() {
    mock.respond(TEXT);
    Reply reply = client.post(STREAM + "?alt=sse", BODY).await();
    String expected = "data: " + CHUNK0 + "\r\n\r\n" + "data: " + CHUNK1 + "\r\n\r\n" + "data: " + LAST + "\r\n\r\n";
    assertEquals(200, reply.status());
    assertEquals("text/event-stream", reply.contentType());
    assertEquals(expected, reply.text());
    assertEquals(expected, mock.lastStreamBody().toString());
    assertEquals(expected, String.join("", MockGemini.sseEvents("gemini-test", TEXT)));
  }

  @Test
  void withoutAltTheStreamIsOneJsonArray() {
    mock.respond(TEXT);
    Reply reply = client.post(STREAM, BODY).await();
    assertEquals("application/json; charset=UTF-8", reply.contentType());
    assertEquals("[" + CHUNK0 + ",\r\n" + CHUNK1 + ",\r\n" + LAST + "]", reply.text());
    assertEquals(3, new JsonArray(reply.text()).size());
    assertEquals(reply.text(), MockGemini.arrayBody("gemini-test", TEXT));
  }

  @Test
  void toolCallStreamIsAThoughtThenOneFunctionCall() {
    mock.respond(TOOL);
    Reply reply = client.post(STREAM + "?alt=sse", BODY).await();
    assertEquals("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Let me check.\",\"thought\":true}],"
        + "\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":7,\"totalTokenCount\":7},"
        + TAIL + "\r\n\r\n"
        + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"get_weather\","
        + "\"args\":{\"city\":\"Paris\"}}}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
        + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":5,\"totalTokenCount\":12}," + TAIL
        + "\r\n\r\n", reply.text());
  }

  @Test
  void generateContentAnswersOneCandidateWithUsage() {
    mock.respond(TEXT);
    Reply reply = client.post(GENERATE, BODY).await();
    assertEquals(200, reply.status());
    assertEquals("application/json", reply.contentType());
    assertEquals("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"tok0 tok1 \"}],\"role\":\"model\"},"
        + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":7,"
        + "\"candidatesTokenCount\":2,\"totalTokenCount\":9,\"cachedContentTokenCount\":3}," + TAIL, reply.text());
  }

  @Test
  void generateContentToolCallHasTheThoughtAndTheFunctionCall() {
    mock.respond(TOOL);
    JsonObject reply = client.post(GENERATE, BODY).await().json();
    assertEquals(new JsonObject("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Let me check.\","
        + "\"thought\":true},{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}],"
        + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":7,"
        + "\"candidatesTokenCount\":5,\"totalTokenCount\":12}," + TAIL), reply);
  }

  @Test
  void errorsComeInGooglesShape() {
    mock.respond(MockBehavior.ok().withStatus(429).withRetryAfter("5"));
    Reply limited = client.post(STREAM + "?alt=sse", BODY).await();
    mock.respond(MockBehavior.ok().withStatus(503));
    Reply unavailable = client.post(GENERATE, BODY).await();
    Reply notJson = requestWith(MockBehavior.ok(), GENERATE, "nope");
    assertEquals(429, limited.status());
    assertEquals("5", limited.headers().get("retry-after"));
    assertEquals("{\"error\":{\"code\":429,\"message\":\"mock failure\",\"status\":\"RESOURCE_EXHAUSTED\"}}",
        limited.text());
    assertEquals(503, unavailable.status());
    assertEquals("UNAVAILABLE", unavailable.json().getJsonObject("error").getString("status"));
    assertEquals(400, notJson.status());
    assertEquals("INVALID_ARGUMENT", notJson.json().getJsonObject("error").getString("status"));
  }

  @Test
  void abortCutsAfterTheTokenChunks() {
    mock.respond(MockBehavior.ok().withChunks(4).withAbortAfterChunks(2));
    String got = client.cutShort(STREAM + "?alt=sse", BODY).await().toString();
    assertTrue(got.endsWith("tok1 \"}],\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":11,"
        + "\"totalTokenCount\":11}," + TAIL + "\r\n\r\n"), got);
    assertFalse(got.contains("tok2"));
    assertFalse(got.contains("finishReason"));
  }

  @Test
  void modelsListAndTheKeyParameterAreRecorded() {
    Reply list = client.get("/v1beta/models?key=g-key").await();
    client.send(client.options(HttpMethod.POST, GENERATE).putHeader("x-goog-api-key", "g-header"), BODY).await();
    assertEquals(200, list.status());
    assertEquals("models/gemini-2.0-flash",
        list.json().getJsonArray("models").getJsonObject(0).getString("name"));
    assertEquals("key=g-key", mock.received().get(0).query());
    assertEquals("g-header", mock.received().get(1).headers().get("x-goog-api-key"));
    assertEquals(GENERATE, mock.received().get(1).path());
  }

  private Reply requestWith(MockBehavior b, String uri, String body) {
    mock.respond(b);
    return client.post(uri, body).await();
  }
}

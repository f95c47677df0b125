package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockClient.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

class MockBedrockTest extends MockRouteTest {

  private static final String MODEL_ID = "anthropic.claude-test-v1:0";
  private static final String INVOKE = "/model/anthropic.claude-test-v1%3A0/invoke";
  private static final String STREAM = "/model/anthropic.claude-test-v1%3A0/invoke-with-response-stream";
  private static final String BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,\"messages\":[]}";
  private static final String SIGV4 = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/bedrock/aws4_request,"
      + " SignedHeaders=host;x-amz-date, Signature=abc123";


  @Test
  void streamFramesDecodeToAnthropicEventsWithBedrocksMetrics() {
    MockBehavior b = MockBehavior.ok().withChunks(2).withUsage(7, 2, 3);
    mock.respond(b);
    Reply reply = client.post(STREAM, BODY).await();
    assertEquals(200, reply.status());
    assertEquals("application/vnd.amazon.eventstream", reply.contentType());
    List<Message> frames = new MessageDecoder().feed(ByteBuffer.wrap(reply.body().getBytes())).getDecodedMessages();
    List<String> events = new ArrayList<>();
    for (Message frame : frames) {
      Map<String, String> headers = new TreeMap<>();
      frame.getHeaders().forEach((name, value) -> headers.put(name, value.getString()));
      assertEquals(Map.of(":event-type", "chunk", ":content-type", "application/json", ":message-type", "event"),
          headers);
      JsonObject payload = new JsonObject(new String(frame.getPayload(), StandardCharsets.UTF_8));
      assertEquals(1, payload.size(), "only bytes in the payload");
      events.add(new String(Base64.getDecoder().decode(payload.getString("bytes")), StandardCharsets.UTF_8));
    }
    assertEquals(List.of(
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bdrk_mock\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"anthropic.claude-test-v1:0\",\"content\":[],\"stop_reason\":null,"
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":7,\"cache_creation_input_tokens\":0,"
            + "\"cache_read_input_tokens\":3,\"output_tokens\":1}}}",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        "{\"type\": \"ping\"}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"tok0 \"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"tok1 \"}}",
        "{\"type\":\"content_block_stop\",\"index\":0}",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":2}}",
        "{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":7,"
            + "\"outputTokenCount\":2,\"invocationLatency\":100,\"firstByteLatency\":50}}"), events);
    assertEquals(events, MockBedrock.eventJsons(MODEL_ID, b));
    assertArrayEquals(reply.body().getBytes(), mock.lastStreamBody().getBytes());
    assertArrayEquals(reply.body().getBytes(), MockBedrock.streamBody(MODEL_ID, b).getBytes());
  }

  @Test
  void toolCallStreamCarriesTheInputFragments() {
    MockBehavior b = MockBehavior.ok().withToolCall("get_weather", "{\"city\":\"Paris\"}").withChunks(2);
    mock.respond(b);
    Reply reply = client.post(STREAM, BODY).await();
    List<String> events = new ArrayList<>();
    new MessageDecoder(m -> events.add(new String(Base64.getDecoder().decode(
        new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)).getString("bytes")),
        StandardCharsets.UTF_8))).feed(reply.body().getBytes());
    assertEquals("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
        + "\"id\":\"toolu_mock\",\"name\":\"get_weather\",\"input\":{}}}", events.get(1));
    assertEquals("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
        + "\"partial_json\":\"{\\\"city\\\":\"}}", events.get(4));
    assertEquals("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
        + "\"partial_json\":\"\\\"Paris\\\"}\"}}", events.get(5));
    assertEquals("tool_use", new JsonObject(events.get(7)).getJsonObject("delta").getString("stop_reason"));
    assertEquals(9, events.size());
  }

  @Test
  void invokeAnswersAnAnthropicMessageAndRecordsTheSignature() {
    mock.respond(MockBehavior.ok().withChunks(2).withUsage(7, 2, 0));
    Reply reply = client.send(client.options(HttpMethod.POST, INVOKE).putHeader("Authorization", SIGV4)
        .putHeader("X-Amz-Date", "20250101T000000Z"), BODY).await();
    assertEquals(200, reply.status());
    assertEquals("{\"id\":\"msg_bdrk_mock\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"anthropic.claude-test-v1:0\",\"content\":[{\"type\":\"text\",\"text\":\"tok0 tok1 \"}],"
        + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":7,"
        + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":2}}", reply.text());
    assertEquals("7", reply.headers().get("x-amzn-bedrock-input-token-count"));
    assertEquals("2", reply.headers().get("x-amzn-bedrock-output-token-count"));
    ReceivedRequest got = mock.received().get(0);
    assertEquals(INVOKE, got.path(), "the path as sent, still encoded");
    assertEquals(SIGV4, got.headers().get("authorization"));
    assertEquals("20250101T000000Z", got.headers().get("x-amz-date"));
    assertEquals("bedrock-2023-05-31", got.json().getString("anthropic_version"));
  }

  @Test
  void errorsComeAsBedrockSendsThem() {
    mock.respond(MockBehavior.ok().withStatus(429));
    Reply throttled = client.post(STREAM, BODY).await();
    mock.respond(MockBehavior.ok().withStatus(400, "{\"message\":\"messages: field required\"}"));
    Reply invalid = client.post(INVOKE, BODY).await();
    mock.respond(MockBehavior.ok().withStatus(503));
    Reply unavailable = client.post(INVOKE, BODY).await();
    assertEquals(429, throttled.status());
    assertEquals("application/json", throttled.contentType());
    assertEquals("ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/",
        throttled.headers().get("x-amzn-ErrorType"));
    assertEquals("{\"message\":\"mock failure\"}", throttled.text());
    assertEquals(400, invalid.status());
    assertTrue(invalid.headers().get("x-amzn-errortype").startsWith("ValidationException:"));
    assertEquals("{\"message\":\"messages: field required\"}", invalid.text());
    assertTrue(unavailable.headers().get("x-amzn-errortype").startsWith("ServiceUnavailableException:"));
  }

  @Test
  void abortCutsBetweenFrames() {
    mock.respond(MockBehavior.ok().withChunks(4).withAbortAfterChunks(1));
    Buffer got = client.cutShort(STREAM, BODY).await();
    List<Message> frames = new MessageDecoder().feed(ByteBuffer.wrap(got.getBytes())).getDecodedMessages();
    assertEquals(4, frames.size(), "message_start, block start, ping, one text delta");
    String last = new JsonObject(new String(frames.get(3).getPayload(), StandardCharsets.UTF_8)).getString("bytes");
    assertTrue(new String(Base64.getDecoder().decode(last), StandardCharsets.UTF_8).contains("tok0"));
    HeaderValue type = frames.get(3).getHeaders().get(":message-type");
    assertEquals("event", type.getString());
  }
}

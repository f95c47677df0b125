package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockClient.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.eventstream.MessageDecoder;

/** What every streaming route shares: aborts, delays, errors with retry-after, backpressure, early close. */
class EveryStreamRouteTest {

  /** One streaming route: where to post, what, and the whole body the mock sends for a behaviour. */
  enum Route {
    OPENAI("/v1/chat/completions", "{\"model\":\"gpt-test\",\"stream\":true}",
        b -> Buffer.buffer(String.join("", MockOpenAi.streamEvents("gpt-test", b, false)))),
    AZURE("/openai/deployments/d1/chat/completions?api-version=2024-10-21", "{\"model\":\"gpt-test\",\"stream\":true}",
        b -> Buffer.buffer(String.join("", MockOpenAi.streamEvents("gpt-test", b, false)))),
    RESPONSES("/v1/responses", "{\"model\":\"gpt-test\",\"input\":\"hi\",\"stream\":true}",
        b -> responses(b, "{\"model\":\"gpt-test\",\"input\":\"hi\",\"stream\":true}")),
    AZURE_RESPONSES("/openai/v1/responses", "{\"model\":\"d1\",\"input\":\"hi\",\"stream\":true}",
        b -> responses(b, "{\"model\":\"d1\",\"input\":\"hi\",\"stream\":true}")),
    ANTHROPIC("/v1/messages", "{\"model\":\"claude-test\",\"stream\":true}",
        b -> Buffer.buffer(String.join("", MockAnthropic.streamEvents("claude-test", b)))),
    GEMINI_SSE("/v1beta/models/gemini-test:streamGenerateContent?alt=sse", "{}",
        b -> Buffer.buffer(String.join("", MockGemini.sseEvents("gemini-test", b)))),
    GEMINI_ARRAY("/v1beta/models/gemini-test:streamGenerateContent", "{}",
        b -> Buffer.buffer(MockGemini.arrayBody("gemini-test", b))),
    BEDROCK("/model/anthropic.claude-test/invoke-with-response-stream", "{}",
        b -> MockBedrock.streamBody("anthropic.claude-test", b));

    final String uri;
    final String body;
    final Function<MockBehavior, Buffer> expected;

    Route(String uri, String body, Function<MockBehavior, Buffer> expected) {
      this.uri = uri;
      this.body = body;
      this.expected = expected;
    }

    private static Buffer responses(MockBehavior b, String body) {
      JsonObject request = new JsonObject(body);
      return Buffer.buffer(String.join("", MockResponses.streamEvents(MockResponses.responseId(Buffer.buffer(body)),
          request.getString("model"), b, request)));
    }

    /** The bytes as text; Bedrock's frames decoded to the event JSON they carry. */
    String readable(Buffer bytes) {
      if (this != BEDROCK) {
        return bytes.toString();
      }
      StringBuilder events = new StringBuilder();
      new MessageDecoder(m -> events.append(new String(Base64.getDecoder().decode(
          new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)).getString("bytes")),
          StandardCharsets.UTF_8)).append('\n')).feed(bytes.getBytes());
      return events.toString();
    }
  }

  private Vertx vertx;
  private MockUpstream mock;
  private MockClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mock = MockUpstream.start(vertx).await();
    client = new MockClient(vertx, mock);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void abortCutsTheConnectionAfterTheContentChunks(Route route) {
    mock.respond(MockBehavior.ok().withChunks(5).withAbortAfterChunks(2));
    Buffer got = client.cutShort(route.uri, route.body).await();
    String text = route.readable(got);
    assertTrue(text.contains("tok1 "), text);
    assertFalse(text.contains("tok2"), text);
    assertFalse(text.contains("STOP") || text.contains("[DONE]") || text.contains("message_stop"), text);
    assertArrayEquals(got.getBytes(), mock.lastStreamBody().getBytes());
    assertEquals(0, mock.closedEarly());
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void abortOfAToolCallCountsArgumentFragments(Route route) {
    MockBehavior b = MockBehavior.ok().withToolCall("f", "{\"abcdef\":123456}").withAbortAfterChunks(1);
    mock.respond(b);
    String text = route.readable(client.cutShort(route.uri, route.body).await());
    // Gemini sends a call whole, in its one content chunk; the others stream fragments of ceil(17 / 3) characters
    if (route.name().startsWith("GEMINI")) {
      assertTrue(text.contains("{\"functionCall\":{\"name\":\"f\",\"args\":{\"abcdef\":123456}}}"), text);
    } else {
      assertTrue(text.contains("\"{\\\"abcd\""), text);
      assertFalse(text.contains("ef\\\":12"), text);
    }
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void chunkDelaysSpaceTheEventsOut(Route route) {
    MockBehavior b = MockBehavior.ok().withChunks(3).withChunkDelayMs(40);
    mock.respond(b);
    long started = System.nanoTime();
    Reply reply = client.post(route.uri, route.body).await();
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertTrue(elapsedMs >= 3 * 40, "took " + elapsedMs + " ms");
    assertArrayEquals(route.expected.apply(b).getBytes(), reply.body().getBytes());
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void headersDelayAndErrorWithRetryAfter(Route route) {
    mock.respond(MockBehavior.ok().withStatus(503).withRetryAfter("9").withHeadersDelayMs(150));
    long started = System.nanoTime();
    Reply reply = client.post(route.uri, route.body).await();
    assertTrue((System.nanoTime() - started) / 1_000_000 >= 150);
    assertEquals(503, reply.status());
    assertEquals("9", reply.headers().get("retry-after"));
    assertEquals("application/json", reply.contentType());
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void aPausedClientStillGetsEveryByteInOrder(Route route) {
    MockBehavior b = MockBehavior.ok().withChunks(20_000).withRecordBody(false);
    mock.respond(b);
    Buffer received = Buffer.buffer();
    client.onLoop(() -> client.open(client.options(HttpMethod.POST, route.uri), route.body).compose(resp -> {
      // a paused client fills the mock's write queue, forcing it to wait for drain
      resp.pause();
      vertx.setTimer(200, t -> resp.resume());
      resp.handler(received::appendBuffer);
      return resp.end();
    })).await();
    assertArrayEquals(route.expected.apply(b).getBytes(), received.getBytes());
    assertEquals(0, mock.lastStreamBody().length());
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void aClientClosingMidStreamCountsAsClosedEarly(Route route) throws InterruptedException {
    mock.respond(MockBehavior.ok().withChunks(100).withChunkDelayMs(20));
    client.onLoop(() -> client.open(client.options(HttpMethod.POST, route.uri), route.body)
        .onSuccess(resp -> resp.handler(first -> resp.request().connection().close())));
    long deadline = System.currentTimeMillis() + 5_000;
    while (mock.closedEarly() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    int written = mock.lastStreamBody().length();
    Thread.sleep(100);
    assertEquals(1, mock.closedEarly());
    assertEquals(written, mock.lastStreamBody().length(), "nothing written after the close");
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void everyRequestIsRecordedAndTheLatestStreamKept(Route route) {
    MockBehavior b = MockBehavior.ok().withChunks(2);
    mock.respond(b);
    client.post("/v1/chat/completions", "{\"model\":\"gpt-test\",\"stream\":true}").await();
    Reply reply = client.post(route.uri, route.body).await();
    assertEquals(2, mock.received().size());
    assertEquals(route.uri, mock.received().get(1).path()
        + (mock.received().get(1).query() == null ? "" : "?" + mock.received().get(1).query()));
    assertEquals(route.body, mock.received().get(1).body().toString());
    assertArrayEquals(reply.body().getBytes(), mock.lastStreamBody().getBytes());
    assertArrayEquals(route.expected.apply(b).getBytes(), reply.body().getBytes());
  }
}

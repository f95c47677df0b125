package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gateway stopped the way SIGTERM stops it ({@link Main#shutDown}) takes no new connection, lets the streams in
 * flight finish for {@code shutdown.drainSeconds}, ends the rest in each client's dialect, and records every one;
 * pass-through requests too.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class GracefulStopTest {
  private Vertx vertx;
  private MockUpstream mock;
  private HttpClient client;
  private int port;

  @BeforeEach
  void startMock(Vertx testVertx) {
    vertx = testVertx;
    mock = MockUpstream.start(vertx).await();
    port = GatewayHarness.freePort();
    client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stopMock() {
    client.close().await();
    mock.close().await();
  }

  @Test
  void aStreamInFlightFinishesWhileNewConnectionsAreRefused() throws Exception {
    JsonObject config = config(10);
    Vertx node = Vertx.vertx();
    Gateway gateway = Gateway.start(node, config).await();
    mock.respond(MockBehavior.ok().withChunks(20).withChunkDelayMs(100)); // about 2 s
    Streamed stream = stream("/v1/chat/completions", chat(MODEL, true, null));
    stream.firstData.future().await(5, TimeUnit.SECONDS);

    CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> Main.shutDown(gateway, node));
    assertTrue(refusedSoon(), "a stopping gateway takes no new connection");
    String body = stream.ended.future().await(10, TimeUnit.SECONDS);
    stopped.get(15, TimeUnit.SECONDS);

    assertTrue(body.endsWith(MockUpstream.DONE_EVENT), "the whole answer, to its end: " + body);
    assertTrue(body.contains(MockUpstream.token(19)), body);
    assertEquals(List.of("200|ok|t"), rowsAfterRestart(config,
      "select concat_ws('|', status, outcome, output_tokens > 0) from usage_log", 1));
  }

  @Test
  void whatOutlastsTheDrainIsEndedInEachClientsDialectAndRecorded() throws Exception {
    Outlasted outlasted = outlastTheDrain("/v1/messages", "{\"model\":\"" + MODEL + "\",\"max_tokens\":100,"
      + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
      "/v1/chat/completions", chat(MODEL, false, null));

    String body = outlasted.streamed();
    assertTrue(body.startsWith("event: message_start"), body);
    assertTrue(body.contains("event: error\ndata: {\"type\":\"error\""), "an in-band error in Anthropic's shape: " + body);
    GatewayHarness.Reply answered = outlasted.waiting();
    assertEquals(503, answered.status());
    assertEquals("server_error", answered.json().getJsonObject("error").getString("type"), answered.body().toString());
    assertEquals(List.of("200|shutdown|t|t", "503|shutdown|f|f"), rowsAfterRestart(outlasted.config(),
      "select concat_ws('|', status, outcome, stream, output_tokens > 0) from usage_log order by stream desc", 2));
  }

  @Test
  void passThroughRequestsAreDrainedLikeChat() throws Exception {
    Outlasted outlasted = outlastTheDrain("/proxy/openai/events", "{}", "/v1/moderations", "{\"input\":\"hi\"}");

    String body = outlasted.streamed();
    assertTrue(body.startsWith("event: delta"), body);
    assertFalse(body.contains("event: done"), "a relayed answer cut short never looks whole: " + body);
    GatewayHarness.Reply answered = outlasted.waiting();
    assertEquals(503, answered.status());
    assertEquals("server_error", answered.json().getJsonObject("error").getString("type"), answered.body().toString());
    assertEquals(List.of("200|shutdown|t|POST /proxy/openai/events", "503|shutdown|f|POST /v1/moderations"),
      rowsAfterRestart(outlasted.config(), "select concat_ws('|', status, outcome, stream, endpoint) from usage_log"
        + " order by stream desc", 2));
  }

  /** What a drain of one second left: the streamed answer as the client got it, the waiting request's answer. */
  private record Outlasted(JsonObject config, String streamed, GatewayHarness.Reply waiting) {
  }

  /**
   * Starts a gateway with a one-second drain, a stream of 20 s at {@code streamPath} and a request waiting 20 s for
   * its upstream's head at {@code waitingPath}, and stops it (bounded, whatever is in flight).
   */
  private Outlasted outlastTheDrain(String streamPath, String streamBody, String waitingPath, String waitingBody)
    throws Exception {
    JsonObject config = config(1);
    Vertx node = Vertx.vertx();
    Gateway gateway = Gateway.start(node, config).await();
    mock.respondNext(MockBehavior.ok().withChunks(200).withChunkDelayMs(100), // 20 s
      MockBehavior.ok().withHeadersDelayMs(20_000));
    Streamed stream = stream(streamPath, streamBody);
    stream.firstData.future().await(5, TimeUnit.SECONDS);
    Future<GatewayHarness.Reply> waiting = exchange(waitingPath, waitingBody);
    while (mock.received().size() < 2) {
      Thread.sleep(20);
    }

    long start = System.nanoTime();
    Main.shutDown(gateway, node);
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 10_000, "the drain is bounded");
    return new Outlasted(config, stream.ended.future().await(5, TimeUnit.SECONDS),
      waiting.await(5, TimeUnit.SECONDS));
  }

  /** The test gateway's configuration with this drain; the harness's own storage, so rows outlive the gateway. */
  private JsonObject config(int drainSeconds) {
    return GatewayHarness.config(mock.baseUrl(), port,
      new JsonObject().put("shutdown", new JsonObject().put("drainSeconds", drainSeconds)));
  }

  /** Starts the gateway again on the same storage, reads the rows, stops it. */
  private static List<String> rowsAfterRestart(JsonObject config, String sql, int count) throws Exception {
    Vertx again = Vertx.vertx();
    try {
      Gateway restarted = Gateway.start(again, config).await();
      List<String> rows = awaitRows(sql, count);
      restarted.stop().await();
      return rows;
    } finally {
      again.close().await();
    }
  }

  /** True when a connection attempt is refused within a second (the listening socket is gone). */
  private boolean refusedSoon() throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      Future<?> connect = vertx.createNetClient().connect(port, "127.0.0.1");
      try {
        connect.await(1, TimeUnit.SECONDS);
      } catch (Exception refused) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** A streamed answer as it arrives. */
  private record Streamed(Promise<Void> firstData, Promise<String> ended) {
  }

  private Streamed stream(String path, String body) {
    Streamed streamed = new Streamed(Promise.promise(), Promise.promise());
    Buffer received = Buffer.buffer();
    vertx.runOnContext(v -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
        .putHeader("authorization", "Bearer " + CLIENT_KEY).putHeader("content-type", "application/json"))
      .compose(request -> request.send(body))
      .onSuccess(response -> {
        response.handler(data -> {
          received.appendBuffer(data);
          streamed.firstData().tryComplete();
        });
        response.endHandler(end -> streamed.ended().tryComplete(received.toString()));
        response.exceptionHandler(failure -> streamed.ended().tryComplete(received + "<cut: " + failure + ">"));
      })
      .onFailure(streamed.ended()::tryFail));
    return streamed;
  }

  private Future<GatewayHarness.Reply> exchange(String path, String body) {
    Promise<GatewayHarness.Reply> reply = Promise.promise();
    vertx.runOnContext(v -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
        .putHeader("authorization", "Bearer " + CLIENT_KEY).putHeader("content-type", "application/json"))
      .compose(request -> request.send(body))
      .compose(response -> response.body().map(b -> new GatewayHarness.Reply(response.statusCode(),
        response.headers(), b)))
      .onComplete(reply));
    return reply.future();
  }
}

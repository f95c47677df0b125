package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.GatewayMetrics;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A client that reads far slower than the upstream writes, on a stream far larger than the socket buffers:
 * the gateway must hold no more than its flow-control window for that stream, and the body must arrive intact.
 */
class SlowClientBackpressureTest extends GatewayTest {
  private static final int WINDOW = 32 * 1024;
  private static final int CHUNKS = 100_000;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("ingress", new JsonObject().put("streamWindowBytes", WINDOW));
  }

  @Test
  void aSlowReaderNeverMakesTheGatewayBufferMoreThanTheWindow() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(CHUNKS).withRecordBody(false));
    double stallsBefore = metric("sb_stream_credit_stalls_total");
    HttpClient slow = gw.vertx.createHttpClient(new HttpClientOptions().setReceiveBufferSize(4096)
      .setDefaultHost("127.0.0.1").setDefaultPort(gw.port));
    MessageDigest received = MessageDigest.getInstance("SHA-256");
    AtomicLong bytes = new AtomicLong();
    AtomicLong mostHeld = new AtomicLong();
    Promise<Integer> done = Promise.promise();
    // what the gateway holds for this stream, sampled while it runs (the only stream in flight)
    long sampler = gw.vertx.setPeriodic(5, id -> mostHeld.accumulateAndGet(
      (long) GatewayMetrics.registry().get("sb.stream.buffered.bytes").gauge().value(), Math::max));

    gw.vertx.getOrCreateContext().runOnContext(onContext -> // handlers set on the context that delivers the data
      slow.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
          .putHeader("authorization", "Bearer " + CLIENT_KEY))
        .compose(req -> req.send(chat(MODEL, true, null)))
        .onSuccess(resp -> {
          resp.pause();
          resp.handler(data -> {
            received.update(data.getBytes());
            bytes.addAndGet(data.length());
          });
          long timer = gw.vertx.setPeriodic(1, id -> resp.fetch(1)); // one small read per millisecond
          resp.endHandler(v -> {
            gw.vertx.cancelTimer(timer);
            done.complete(resp.statusCode());
          });
          resp.exceptionHandler(done::tryFail);
        })
        .onFailure(done::tryFail));

    assertEquals(200, done.future().await());
    gw.vertx.cancelTimer(sampler);
    assertEquals(expectedBody().length, bytes.get(), "every byte arrived");
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(expectedBody()), received.digest(), "intact, in order");
    assertTrue(mostHeld.get() <= WINDOW + 16 * 1024, "held " + mostHeld + " bytes for the stream; window is " + WINDOW);
    assertTrue(mostHeld.get() >= WINDOW / 2, "the slow reader filled the window (" + mostHeld + " bytes held)");
    double peak = metric("sb_stream_buffered_peak_bytes");
    assertTrue(peak <= WINDOW + 16 * 1024, "some stream held " + peak + " bytes; window is " + WINDOW);
    assertTrue(metric("sb_stream_credit_stalls_total") > stallsBefore, "the upstream was paused for credit");
    slow.close();
  }

  /** What the upstream sends for this request, less the usage chunk the gateway injected and removes. */
  private static byte[] expectedBody() {
    StringBuilder body = new StringBuilder(CHUNKS * 230);
    for (int i = 0; i < CHUNKS; i++) {
      body.append("data: ").append(MockUpstream.chunkJson(MODEL, MockUpstream.contentDelta(i), "null", true))
        .append("\n\n");
    }
    body.append("data: ").append(MockUpstream.chunkJson(MODEL, "{}", "\"stop\"", true)).append("\n\n");
    body.append(MockUpstream.DONE_EVENT);
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private double metric(String name) {
    String scrape = gw.get("/metrics", null).await().body().toString();
    return scrape.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
      .findFirst().orElseThrow(() -> new AssertionError(name + " is not exposed"));
  }
}

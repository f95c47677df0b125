package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;

import io.switchboard.api.GatewayMetrics;
import io.switchboard.testkit.MockUpstream;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client reading a stream far slower than the upstream writes it (a small receive buffer, one small read a
 * millisecond), and what the gateway held for streams meanwhile (the only stream in flight).
 */
final class SlowReader {
  /** What the client got: the status, the bytes and their SHA-256, and the most the gateway held at once. */
  record Result(int status, long bytes, byte[] sha256, long mostHeld) {
  }

  private SlowReader() {
  }

  /** Posts {@code body} to the gateway's chat route and reads the answer slowly. */
  static Result read(GatewayHarness gw, String body) throws Exception {
    HttpClient slow = gw.vertx.createHttpClient(new HttpClientOptions().setReceiveBufferSize(4096)
      .setDefaultHost("127.0.0.1").setDefaultPort(gw.port));
    MessageDigest received = MessageDigest.getInstance("SHA-256");
    AtomicLong bytes = new AtomicLong();
    AtomicLong mostHeld = new AtomicLong();
    Promise<Integer> done = Promise.promise();
    long sampler = gw.vertx.setPeriodic(5, id -> mostHeld.accumulateAndGet(
      (long) GatewayMetrics.registry().get("sb.stream.buffered.bytes").gauge().value(), Math::max));
    try {
      gw.vertx.getOrCreateContext().runOnContext(onContext -> // handlers set on the context that delivers the data
        slow.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
            .putHeader("authorization", "Bearer " + CLIENT_KEY))
          .compose(req -> req.send(body))
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
      int status = done.future().await();
      return new Result(status, bytes.get(), received.digest(), mostHeld.get());
    } finally {
      gw.vertx.cancelTimer(sampler);
      slow.close();
    }
  }

  /** What the mock upstream sends for a stream of {@code chunks}, less the usage chunk the gateway removes again. */
  static byte[] expectedBody(String model, int chunks) {
    StringBuilder body = new StringBuilder(chunks * 230);
    for (int i = 0; i < chunks; i++) {
      body.append("data: ").append(MockUpstream.chunkJson(model, MockUpstream.contentDelta(i), "null", true))
        .append("\n\n");
    }
    body.append("data: ").append(MockUpstream.chunkJson(model, "{}", "\"stop\"", true)).append("\n\n");
    body.append(MockUpstream.DONE_EVENT);
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A metric as the gateway's /metrics shows it. */
  static double metric(GatewayHarness gw, String name) {
    String scrape = gw.get("/metrics", null).await().body().toString();
    return scrape.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
      .findFirst().orElseThrow(() -> new AssertionError(name + " is not exposed"));
  }
}

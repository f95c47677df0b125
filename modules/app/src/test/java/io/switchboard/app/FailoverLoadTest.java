package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.UpstreamFleet.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockBehavior;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bounded loopback load test: three upstreams behind three accounts, one of them failing 30% of its requests with a
 * 500; every client request (half of them streams) must succeed. At most {@link #REQUESTS} requests and
 * {@link #MAX_SECONDS} seconds; the numbers are printed for the record.
 */
class FailoverLoadTest extends GatewayTest {
  private static final int REQUESTS = 1500;
  private static final int CONCURRENCY = 24;
  private static final int MAX_SECONDS = 60;
  private UpstreamFleet fleet;

  @AfterEach
  void closeFleet() {
    fleet.close();
  }

  @Test
  void oneUpstreamFailing30PercentStillGivesEveryClientItsAnswer() throws Exception {
    fleet = new UpstreamFleet(gw);
    fleet.add("steady-a", 0);
    fleet.add("steady-b", 0);
    fleet.add("flaky", 0).failRandomly(0.3, MockBehavior.ok().withStatus(500), 42);
    HttpClient client = gw.vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(gw.port), new PoolOptions().setHttp1MaxSize(CONCURRENCY));

    List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long started = System.nanoTime();
    long deadline = started + MAX_SECONDS * 1_000_000_000L;
    Promise<Void> done = Promise.promise();
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    gw.vertx.getOrCreateContext().runOnContext(v -> {
      for (int i = 0; i < CONCURRENCY; i++) {
        next(client, issued, finished, deadline, latenciesMicros, ok, failed, done);
      }
    });
    done.future().await();
    double seconds = (System.nanoTime() - started) / 1e9;
    client.close().await();

    int requests = finished.get();
    int upstreamAttempts = fleet.received().values().stream().mapToInt(Integer::intValue).sum();
    List<Long> sorted = new ArrayList<>(latenciesMicros);
    Collections.sort(sorted);
    Map<String, Integer> perAccount = fleet.received();
    System.out.printf("failover load: %d requests in %.1f s (%.0f req/s), %d ok (%.2f%%), %d failed; p50 %.1f ms, "
        + "p99 %.1f ms; %d upstream attempts, %d failovers; per upstream %s%n", requests, seconds, requests / seconds,
      ok.get(), 100.0 * ok.get() / requests, failed.get(), sorted.get(sorted.size() / 2) / 1000.0,
      sorted.get((int) (sorted.size() * 0.99)) / 1000.0, upstreamAttempts, upstreamAttempts - requests, perAccount);

    assertTrue(requests >= 200, "enough requests to mean something: " + requests);
    assertEquals(requests, ok.get(), "every client request succeeded");
    assertTrue(upstreamAttempts > requests, "the flaky upstream failed some attempts, which failed over");
  }

  private void next(HttpClient client, AtomicInteger issued, AtomicInteger finished, long deadline, List<Long> latencies,
                    AtomicInteger ok, AtomicInteger failed, Promise<Void> done) {
    int n = issued.getAndIncrement();
    if (n >= REQUESTS || System.nanoTime() > deadline) {
      issued.decrementAndGet();
      if (finished.get() == issued.get()) {
        done.tryComplete();
      }
      return;
    }
    boolean stream = n % 2 == 0;
    String body = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"request " + n + "\"}]"
      + (stream ? ",\"stream\":true" : "") + "}";
    long start = System.nanoTime();
    client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
        .putHeader("authorization", "Bearer " + CLIENT_KEY).putHeader("content-type", "application/json"))
      .compose(req -> req.send(Buffer.buffer(body)))
      .compose(resp -> resp.body().map(b -> resp.statusCode() == 200
        && (stream ? b.toString().endsWith("data: [DONE]\n\n") : b.toJsonObject().containsKey("choices"))))
      .recover(failure -> Future.succeededFuture(false))
      .onSuccess(success -> {
        latencies.add((System.nanoTime() - start) / 1000);
        (success ? ok : failed).incrementAndGet();
        finished.incrementAndGet();
        next(client, issued, finished, deadline, latencies, ok, failed, done);
      });
  }
}

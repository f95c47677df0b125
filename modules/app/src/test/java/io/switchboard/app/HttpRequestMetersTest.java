package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The HTTP request meters kept by {@link HttpServerMeters} and {@link HttpClientMeters} are what Vert.x' own
 * Micrometer metrics show for the same traffic: the same series (names, labels, help), the same counts and bytes.
 */
class HttpRequestMetersTest {

  @Test
  void aMethodNamedWsHasItsOwnInFlightGaugeApartFromTheWebsockets() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpRequestMeters meters = new HttpRequestMeters(registry, "server");
    meters.method("ws").active().increment();
    meters.websockets().add(2);
    String scrape = registry.scrape();
    assertTrue(scrape.contains("vertx_http_server_active_requests{method=\"ws\"} 1.0"), scrape);
    assertTrue(scrape.contains("vertx_http_server_active_ws_connections 2.0"), scrape);
  }

  /**
   * A request answered before its body arrived (a refused key, a body too large) whose client then leaves: it is no
   * longer in flight once its answer has gone, so the gauge comes back to 0 (Vert.x' own meters keep it at 1 for good:
   * on HTTP/1 neither the request's end nor a reset is reported for it).
   */
  @Test
  void aRequestAnsweredBeforeItsBodyIsNotInFlightAfterItsClientLeaves() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(GatewayNode.metricsOptions()))
      .withMetrics(new VertxMeters(registry)).build();
    try {
      HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> request.response().setStatusCode(401).end("no"))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      NetSocket socket = vertx.createNetClient().connect(server.actualPort(), "127.0.0.1").await(10, TimeUnit.SECONDS);
      Promise<String> answered = Promise.promise();
      Buffer read = Buffer.buffer();
      socket.handler(bytes -> {
        read.appendBuffer(bytes);
        if (read.toString().endsWith("no")) {
          answered.tryComplete(read.toString());
        }
      });
      socket.write("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n{\"model\"");
      assertTrue(answered.future().await(10, TimeUnit.SECONDS).startsWith("HTTP/1.1 401"));
      socket.close().await(10, TimeUnit.SECONDS);
      String inFlight = "vertx_http_server_active_requests{method=\"POST\"} ";
      long deadline = System.currentTimeMillis() + 10_000;
      while (!registry.scrape().contains(inFlight + "0.0") && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(registry.scrape().contains(inFlight + "0.0"), registry.scrape());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void sameSeriesAndCountsAsVertxOwnMetersForTheSameTraffic() throws Exception {
    PrometheusMeterRegistry ours = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusMeterRegistry vertxOwn = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Set<String> oursSeen = serveAndScrape(new VertxMeters(ours), ours);
    Set<String> vertxSeen = serveAndScrape(new MicrometerMetricsFactory(vertxOwn), vertxOwn);
    assertTrue(oursSeen.contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/items/:id\"} 2.0"),
      String.join("\n", oursSeen));
    assertTrue(oursSeen.contains("vertx_http_client_responses_total{code=\"201\",method=\"POST\"} 1.0"),
      String.join("\n", oursSeen));
    assertEquals(vertxSeen, oursSeen);
  }

  /** Serves a routed API on one Vert.x and calls it: 200s, a 201 with a body, a 404 past two routes. */
  private static Set<String> serveAndScrape(VertxMetricsFactory metrics, PrometheusMeterRegistry registry)
      throws Exception {
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(GatewayNode.metricsOptions()))
      .withMetrics(metrics).build();
    try {
      Router router = Router.router(vertx);
      router.route().handler(context -> context.next());
      router.get("/items/:id").handler(context -> context.response().end("item " + context.pathParam("id")));
      router.post("/items/:id").handler(context -> context.request().body()
        .onSuccess(body -> context.response().setStatusCode(201).end("stored " + body.length())));
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
      HttpClient client = vertx.createHttpClient();
      int port = server.actualPort();
      for (Object[] call : List.of(new Object[] {HttpMethod.GET, "/items/1", null},
          new Object[] {HttpMethod.GET, "/items/2", null},
          new Object[] {HttpMethod.POST, "/items/3", Buffer.buffer("x".repeat(1000))},
          new Object[] {HttpMethod.DELETE, "/nothing/here", null})) {
        try {
          GatewayHarness.exchange(vertx, client, new RequestOptions().setMethod((HttpMethod) call[0]).setPort(port)
            .setHost("127.0.0.1").setURI((String) call[1]), (Buffer) call[2]).await(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) { // name the call, and the meters, that hung
          throw new AssertionError("no answer within 10 s to " + call[0] + " " + call[1] + " with "
            + metrics.getClass().getSimpleName(), e);
        }
      }
      client.close().await(10, TimeUnit.SECONDS);
      server.close().await(10, TimeUnit.SECONDS);
      return registry.scrape().lines()
        .filter(line -> line.contains("vertx_http_server_") || line.contains("vertx_http_client_"))
        .filter(line -> !line.contains("connections")) // connections close at their own pace
        .map(HttpRequestMetersTest::withoutTimes)
        .collect(Collectors.toCollection(TreeSet::new));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Response times differ run to run: their sums and maxima are masked, their counts kept. */
  private static String withoutTimes(String line) {
    boolean time = line.startsWith("vertx_http_") && line.contains("_seconds_") && !line.contains("_count");
    return time ? line.substring(0, line.lastIndexOf(' ')) + " <time>" : line;
  }
}

package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator's Prometheus sees at {@code /metrics} after real traffic through the gateway, a plain request, a
 * stream, a failover, an upstream 429 and an unknown model: the request series moved by route, dialect, provider,
 * model, account and outcome, the histograms counted them, tokens and cost were recorded, the failover and the rule
 * it fired were counted, accounts show their state; Vert.x's own meters (HTTP, event bus, event loops, SQL and Redis
 * clients) are there too. Counters are process-wide, so every assertion is on what moved.
 */
@ExtendWith(TestStorage.class)
class MetricsTest {
  static final String ROUTE = "/v1/chat/completions";
  private Vertx vertx;
  private GatewayHarness gw;
  private UpstreamFleet fleet;

  @BeforeEach
  void start() throws Exception {
    TestStorage.execute("insert into model_prices (model, input_micros, output_micros) values ('" + MODEL
      + "', 1000000, 2000000)");
    TestStorage.execute("insert into rules (name, condition, actions) values ('upstream-unavailable', "
      + "'{\"type\":\"status\",\"equals\":503}', '[{\"type\":\"log\"}]')");
    vertx = GatewayNode.builder(new VertxOptions(), null).build();
    gw = GatewayHarness.start(vertx, new JsonObject().put("scheduler", new JsonObject().put("stickyTtlMs", 0))
      .put("usage", new JsonObject().put("flushIntervalMs", 50))).await(60, TimeUnit.SECONDS);
    fleet = new UpstreamFleet(gw);
  }

  @AfterEach
  void stop() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
    if (gw != null) {
      gw.stop().await(30, TimeUnit.SECONDS);
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void requestsStreamsFailoversAndRefusalsMoveTheirSeries() throws Exception {
    MockUpstream first = fleet.add("first", 10);
    fleet.add("second", 0);
    Scrape before = scrape();

    assertEquals(200, gw.post(ROUTE, CLIENT_KEY, chat(MODEL, false, null)).await().status());
    Reply stream = gw.post(ROUTE, CLIENT_KEY, chat(MODEL, true, null)).await();
    assertEquals(200, stream.status());
    assertTrue(stream.body().toString().contains("data: [DONE]"), stream.body().toString());
    first.respondNext(MockBehavior.ok().withStatus(503));
    assertEquals(200, gw.post(ROUTE, CLIENT_KEY, chat(UpstreamFleet.MODEL, false, null)).await().status());
    gw.mock.respondNext(MockBehavior.ok().withStatus(429, "{\"error\":{\"message\":\"Rate limit reached\","
      + "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}").withRetryAfter("3600"));
    assertEquals(429, gw.post(ROUTE, CLIENT_KEY, chat(MODEL, false, null)).await().status());
    assertEquals(404, gw.post(ROUTE, CLIENT_KEY, chat("no-such-model-" + System.nanoTime(), false, null)).await()
      .status());

    // usage rows are written in batches (tokens and cost move once a batch is stored, the unpriced count once it is
    // priced, before), and the rule engine hears the outcome on its own: wait for every figure checked below
    Scrape after = awaitScrape(s -> moved(before, s, "sb_tokens_total", "model", MODEL, "kind", "input") >= 22
      && moved(before, s, "sb_tokens_total", "model", MODEL, "kind", "output") >= 6
      && moved(before, s, "sb_cost_charged_micros_total", "model", MODEL) >= 22 + 12
      && moved(before, s, "sb_rule_firings_total", "rule", "upstream-unavailable") > 0
      && moved(before, s, "sb_usage_unpriced_total", "model", UpstreamFleet.MODEL) > 0);
    String[] mock = {"route", ROUTE, "dialect", "openai", "provider", "openai", "model", MODEL, "account", "mock"};
    assertEquals(2, moved(before, after, "sb_requests_total", with(mock, "outcome", "ok")), "the plain and the stream");
    assertEquals(1, moved(before, after, "sb_requests_total", with(mock, "outcome", "rate_limited")));
    assertEquals(1, moved(before, after, "sb_requests_total", "account", "second", "model", UpstreamFleet.MODEL,
      "outcome", "ok"), "the failover's answer is the second account's");
    assertEquals(1, moved(before, after, "sb_requests_total", "account", "none", "model", "other",
      "outcome", "model_not_found"), "a model no account serves is not a label of its own");
    assertEquals(1, moved(before, after, "sb_upstream_failovers_total", "provider", "openai"));
    assertEquals(4, moved(before, after, "sb_request_duration_seconds_count", "route", ROUTE, "provider", "openai"));
    assertEquals(3, moved(before, after, "sb_request_ttfb_seconds_count", "route", ROUTE, "provider", "openai"),
      "the 429 sent no first byte of an answer");
    assertEquals(4, moved(before, after, "sb_gateway_overhead_seconds_count", "route", ROUTE));
    assertTrue(moved(before, after, "sb_gateway_overhead_seconds_sum", "route", ROUTE)
      < moved(before, after, "sb_request_duration_seconds_sum", "route", ROUTE, "provider", "openai"),
      "the overhead leaves out the upstream's time");
    assertEquals(0, after.sum("sb_streams_active"), "the stream has ended");
    // 11 prompt tokens and 3 completion tokens per answer (the mock's), at 1 and 2 per million
    assertEquals(22, moved(before, after, "sb_tokens_total", "model", MODEL, "kind", "input"));
    assertEquals(6, moved(before, after, "sb_tokens_total", "model", MODEL, "kind", "output"));
    assertEquals(22 + 12, moved(before, after, "sb_cost_charged_micros_total", "model", MODEL));
    assertEquals(1, moved(before, after, "sb_rule_firings_total", "rule", "upstream-unavailable", "mode", "enforce"));
    assertEquals(1, moved(before, after, "sb_usage_unpriced_total", "model", UpstreamFleet.MODEL),
      "the failover's row: its model has no price");
    assertEquals(1, after.sum("sb_account_status", "account", "mock", "status", "active"));
    assertEquals(0, after.sum("sb_account_circuit_state", "account", "mock"));
    for (String vertxMeter : new String[] {"vertx_http_server_requests_total", "vertx_eventbus_sent_total",
      "vertx_eventbus_processed_total", "vertx_sql_processing_time_seconds_count",
      "vertx_redis_processing_time_seconds_count", "netty_eventexecutor_tasks_pending",
      "jvm_memory_used_bytes"}) {
      assertTrue(after.has(vertxMeter), vertxMeter + " in " + after.names());
    }
    assertTrue(after.sum("vertx_http_server_requests_total", "route", ROUTE) >= 5, "Vert.x counts by declared route");
    // the event bus's meters (EventBusMeters): each request crossed several roles, on this node
    assertTrue(moved(before, after, "vertx_eventbus_sent_total", "side", "local") >= 5 * 3,
      "each request's calls from role to role were sent");
    assertTrue(moved(before, after, "vertx_eventbus_published_total", "side", "local") >= 5, "outcomes are published");
    assertTrue(moved(before, after, "vertx_eventbus_processed_total", "side", "local")
      >= moved(before, after, "vertx_eventbus_sent_total", "side", "local"), "and handled");
    assertEquals(0, moved(before, after, "vertx_eventbus_sent_total", "side", "remote"), "no node to send to");
    assertTrue(after.sum("vertx_eventbus_handlers") > 10, "the roles' consumers are counted");

    Set<String> missing = new TreeSet<>(DeployFiles.dashboardMetrics());
    missing.removeAll(after.names());
    assertEquals(Set.of(), missing, "the Grafana dashboard queries only what /metrics exposes");
    Set<String> undocumented = new TreeSet<>();
    String readme = DeployFiles.read(DeployFiles.ROOT.resolve("README.md"));
    for (String name : after.names()) {
      String family = name.replaceAll("_(bucket|count|sum|max)$", "");
      if (name.startsWith("sb_") && !readme.contains("`" + family + "`") && !readme.contains("`" + family + "{")) {
        undocumented.add(family);
      }
    }
    assertEquals(Set.of(), undocumented, "every sb_ metric is in the README's Metrics table");
  }

  static String[] with(String[] labels, String... more) {
    String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
    System.arraycopy(more, 0, all, labels.length, more.length);
    return all;
  }

  static double moved(Scrape before, Scrape after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  private Scrape scrape() throws Exception {
    String text = gw.get("/metrics", null).await(10, TimeUnit.SECONDS).body().toString();
    Files.writeString(Path.of("target", "metrics-scrape.txt"), text);
    return Scrape.parse(text);
  }

  private Scrape awaitScrape(Predicate<Scrape> done) throws Exception {
    return Scrape.await(this::scrape, done);
  }
}

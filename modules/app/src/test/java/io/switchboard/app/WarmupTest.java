package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.app.MetricsTest.moved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.GatewayMetrics;
import io.switchboard.testkit.TempDirs;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The start's warm-up: a gateway of its own serves every kind of its requests from its own upstream and storage,
 * and afterwards nothing of it is left: not its files, not a series or a count in {@code /metrics}; the gateway that
 * starts next records its own requests into the meters the warm-up made.
 */
@ExtendWith(TestStorage.class)
class WarmupTest {
  static final String ROUTE = "/v1/chat/completions";

  @Test
  void servesEveryKindOfRequestThenLeavesNoTraceAndTheGatewayCountsItsOwn() throws Exception {
    Path data = TempDirs.create("sb-warm-up-data");
    JsonObject overrides = new JsonObject().put("warmup", new JsonObject().put("seconds", 3))
      .put("storage", new JsonObject().put("dataDir", data.toString()))
      // an operator's policy that disables a key asking for a new model must not disable the warm-up's, which asks
      // for two at once
      .put("rules", new JsonObject().put("keyAnomalies", new JsonObject().put("disableOn",
        new io.vertx.core.json.JsonArray().add("new_model"))));
    JsonObject config = GatewayHarness.config("http://127.0.0.1:9/v1", GatewayHarness.freePort(), overrides);
    Scrape before = Scrape.parse(GatewayMetrics.prometheus().scrape());

    List<WarmupTraffic.Kind> kinds = Warmup.run(config);

    assertEquals(Set.of("openai", "openai stream", "anthropic", "anthropic stream", "anthropic to openai stream",
      "openai to anthropic stream"), kinds.stream().map(kind -> kind.name).collect(Collectors.toSet()));
    for (WarmupTraffic.Kind kind : kinds) {
      assertTrue(kind.answered > 0, kind.name + " was answered");
      assertEquals(0, kind.failed, kind.name + ": " + kind.firstFailure);
    }
    assertFalse(Files.exists(data.resolve("warm-up")), "its storage is deleted");
    String text = GatewayMetrics.prometheus().scrape();
    assertFalse(text.contains(Warmup.NAMES), "no series names its accounts or models");
    Scrape after = Scrape.parse(text);
    for (String counted : new String[] {"sb_requests_total", "sb_request_duration_seconds_count",
      "sb_request_ttfb_seconds_count", "sb_tokens_total", "sb_cost_charged_micros_total",
      "sb_gateway_overhead_seconds_count"}) {
      assertEquals(0, moved(before, after, counted), counted + " did not count the warm-up's requests");
    }

    Vertx vertx = GatewayNode.builder(new VertxOptions(), null).build();
    GatewayHarness gw = GatewayHarness.start(vertx, new JsonObject()).await(60, TimeUnit.SECONDS);
    try {
      assertEquals(200, gw.post(ROUTE, CLIENT_KEY, chat(MODEL, false, null)).await(10, TimeUnit.SECONDS).status());
      // a request is counted right after its answer is written, so the client may read it first; and one scrape reads
      // the meters one after another, so it may see the duration moved and not the count, or the other way round:
      // wait for both
      Scrape served = Await.value(() -> Scrape.parse(GatewayMetrics.prometheus().scrape()), scrape -> moved(after,
        scrape, "sb_request_duration_seconds_count", "route", ROUTE, "provider", "openai") > 0
        && moved(after, scrape, "sb_requests_total", "route", ROUTE, "outcome", "ok") > 0, "the request counted");
      assertEquals(1, moved(after, served, "sb_request_duration_seconds_count", "route", ROUTE, "provider", "openai"),
        "the meter the warm-up made first counts the gateway's request");
      assertEquals(1, moved(after, served, "sb_requests_total", "route", ROUTE, "outcome", "ok"));
      assertEquals(404, gw.post(ROUTE, CLIENT_KEY, chat(Warmup.NAMES + "gpt", false, null)).await(10, TimeUnit.SECONDS)
        .status());
      assertFalse(GatewayMetrics.prometheus().scrape().contains(Warmup.NAMES),
        "a request naming the warm-up's model is labelled as any unknown model");
    } finally {
      gw.stop().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void offOrWithoutTheIngressItDoesNotRunAndLeavesNoFiles() throws Exception {
    Path data = TempDirs.create("sb-warm-up-data");
    Files.createDirectories(data.resolve("warm-up").resolve("postgres")); // a killed start's
    JsonObject config = GatewayHarness.config("http://127.0.0.1:9/v1", GatewayHarness.freePort(), new JsonObject()
      .put("warmup", new JsonObject().put("seconds", 0)).put("storage", new JsonObject().put("dataDir",
        data.toString())));
    assertEquals(List.of(), Warmup.run(config));
    assertFalse(Files.exists(data.resolve("warm-up")), "what a killed start left is deleted");

    config.getJsonObject("warmup").put("seconds", 30);
    config.put("roles", new io.vertx.core.json.JsonArray().add("providers"));
    long started = System.nanoTime();
    assertEquals(List.of(), Warmup.run(config), "an adapter node has no request path of its own to warm");
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
  }
}

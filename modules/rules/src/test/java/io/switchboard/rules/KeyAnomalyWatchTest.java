package io.switchboard.rules;

import static io.switchboard.rules.RuleEngineFixture.awaitQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.KeyActivity;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Anomalies on a client key, judged on usage batches with known times: a new /24, a new model, and a burst far above
 * the key's own baseline (told once per bucket, and disabling the key by policy); a webhook for each.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class KeyAnomalyWatchTest {
  private static final long T0 = 1_700_000_040_000L; // the start of a minute
  private final List<JsonObject> hooked = new CopyOnWriteArrayList<>();
  private RuleEngineFixture fixture;
  private HttpServer webhook;
  private long key;
  private int sequence;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    fixture = new RuleEngineFixture(vertx);
    webhook = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      hooked.add(body.toJsonObject());
      request.response().setStatusCode(204).end();
    })).listen(0, "127.0.0.1").await();
    key = Long.parseLong(TestStorage.query("insert into api_keys (name, key_hash, display_prefix) values ('watched', "
      + "repeat('a', 64), 'sb-…') returning id").get(0));
  }

  /** {@code instances} engines: batches reach them in turn, and each judges its own in the order they arrive. */
  private void deploy(int instances) {
    fixture.deploy(instances, new JsonObject().put("keyAnomalies", new JsonObject().put("bucketSeconds", 60)
      .put("warmupBuckets", 3).put("burstFactor", 4).put("burstMinRequests", 5).put("disableOn",
        new JsonArray().add("burst")).put("webhookUrl", "http://127.0.0.1:" + webhook.actualPort() + "/alerts")));
  }

  @AfterEach
  void tearDown() {
    webhook.close().await();
    fixture.close();
  }

  private KeyActivity.Use use(String ip, String model, long atMs) {
    return new KeyActivity.Use(key, 7, model, ip, atMs, "req-" + ++sequence);
  }

  private void send(List<KeyActivity.Use> uses) {
    fixture.vertx.eventBus().send(Addresses.KEY_ACTIVITY, new KeyActivity(uses));
  }

  /** The alerts by kind (their webhooks and rows are written as each is found, in no set order). */
  private static List<String> alerts() throws Exception {
    return TestStorage.query("select concat_ws('|', kind, detail, action) from key_alerts order by kind, id");
  }

  @Test
  void aNewNetworkAndANewModelAreToldOnceEach() throws Exception {
    deploy(1); // the first batch is the baseline: one engine takes the batches in the order sent
    send(List.of(use("203.0.113.5", "gpt-4o", T0), use("203.0.113.77", "gpt-4o", T0 + 1)));
    send(List.of(use("198.51.100.9", "gpt-4o", T0 + 2)));
    send(List.of(use("198.51.100.10", "o3", T0 + 3), use("203.0.113.5", "o3", T0 + 4)));

    List<String> rows = awaitQuery("select kind from key_alerts", r -> r.size() >= 2);
    assertEquals(List.of("new_ip|198.51.100.0/24|alert", "new_model|o3|alert"), alerts(),
      "the first network and model are the baseline; the same /24 is no news");
    awaitQuery("select 1", r -> hooked.size() >= 2);
    assertEquals(List.of("new_ip", "new_model"), hooked.stream().map(h -> h.getString("kind")).sorted().toList());
    assertTrue(hooked.stream().allMatch(h -> h.getLong("keyId") == key && h.getString("clientIp")
      .startsWith("198.51.100.")), hooked.toString());
    assertEquals(List.of("t"), TestStorage.query("select enabled from api_keys where id = " + key),
      "not in the disabling policy: alerted only");
    assertTrue(rows.size() == 2);
  }

  @Test
  void aBurstFarAboveTheKeysOwnBaselineDisablesItByPolicy() throws Exception {
    deploy(1); // a rate is judged in time order: one engine takes the batches in the order sent
    List<KeyActivity.Use> steady = new ArrayList<>();
    for (int bucket = 0; bucket < 4; bucket++) {
      steady.add(use("203.0.113.5", "gpt-4o", T0 + bucket * 60_000L));
      steady.add(use("203.0.113.5", "gpt-4o", T0 + bucket * 60_000L + 10));
    }
    send(steady); // two a minute for four minutes: a baseline of 2
    List<KeyActivity.Use> fast = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      fast.add(use("203.0.113.5", "gpt-4o", T0 + 4 * 60_000L + i));
    }
    send(fast); // twelve in the fifth minute
    awaitQuery("select kind from key_alerts", r -> !r.isEmpty());
    assertEquals(List.of("burst|9 requests in a bucket, baseline 2.0|disabled"), alerts(),
      "eight is 4x the baseline, not above it: the ninth is the burst, told once for its bucket");
    assertEquals(List.of("f"), TestStorage.query("select enabled from api_keys where id = " + key));
    awaitQuery("select 1", r -> fixture.announced.contains(new ConfigChanged(ConfigChanged.API_KEY, key)));
    assertTrue(fixture.announced.contains(new ConfigChanged(ConfigChanged.API_KEY, key)), "every key cache hears it");
  }
}

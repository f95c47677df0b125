package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** bootstrap.keys entries carry rpm, tpm, maxConcurrency and budget: stored on the key, bad values named. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class BootstrapKeyLimitsTest {
  private static final String UPSTREAM = "http://127.0.0.1:9/v1";

  private static JsonObject withKey(JsonObject key) {
    return new JsonObject().put("bootstrap", new JsonObject().put("keys", new JsonArray()
      .add(key.put("name", "limited").put("key", "sb-limited-key-0123456789"))));
  }

  private static String startFailure(Vertx vertx, JsonObject overrides) {
    JsonObject config = GatewayHarness.config(UPSTREAM, GatewayHarness.freePort(), overrides);
    Exception e = assertThrows(Exception.class, () -> Gateway.start(vertx, config).await());
    Throwable t = e instanceof ConfigError ? e : e.getCause();
    assertTrue(t instanceof ConfigError, "a ConfigError, not " + e);
    return t.getMessage();
  }

  @Test
  void limitsAreStoredAndClearedByTheNextSync(Vertx vertx) throws Exception {
    JsonObject limits = new JsonObject().put("rpm", 60).put("tpm", 100000).put("maxConcurrency", 4)
      .put("budget", 5_000_000L);
    Gateway.start(vertx, GatewayHarness.config(UPSTREAM, GatewayHarness.freePort(), withKey(limits))).await().stop()
      .await();
    assertEquals(List.of("60|100000|4|5000000"), TestStorage.query("select concat_ws('|', rpm, tpm, max_concurrency, "
      + "budget_micros) from api_keys where name = 'limited'"));

    Gateway.start(vertx, GatewayHarness.config(UPSTREAM, GatewayHarness.freePort(), withKey(new JsonObject().put("rpm",
      5)))).await().stop().await();
    assertEquals(List.of("5|||"), TestStorage.query("select concat_ws('|', rpm, coalesce(tpm::text, ''), "
      + "coalesce(max_concurrency::text, ''), coalesce(budget_micros::text, '')) from api_keys where name = 'limited'"));
  }

  @Test
  void badLimitsAreNamed(Vertx vertx) {
    assertEquals("bootstrap.keys[0].rpm must be a whole number from 1 to 2147483647",
      startFailure(vertx, withKey(new JsonObject().put("rpm", 0))));
    assertEquals("bootstrap.keys[0].tpm must be a whole number",
      startFailure(vertx, withKey(new JsonObject().put("tpm", "lots"))));
    assertEquals("bootstrap.keys[0].maxConcurrency must be a whole number from 1 to 2147483647",
      startFailure(vertx, withKey(new JsonObject().put("maxConcurrency", -2))));
    assertEquals("bootstrap.keys[0].budget must be a whole number of micro-units, at least 0",
      startFailure(vertx, withKey(new JsonObject().put("budget", -1))));
  }
}

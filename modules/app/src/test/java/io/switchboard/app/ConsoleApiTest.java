package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the admin port adds for the console: the console's files at / under a Content-Security-Policy, uPlot from
 * its webjar, the console's settings, usage per minute or hour and per key, and the accounts' health grid.
 */
class ConsoleApiTest extends AdminTest {

  @Override
  protected JsonObject adminOverrides() {
    // a breaker that opens after two failures and stays open; no probe closes it during the test
    return new JsonObject().put("admin", new JsonObject().put("console", new JsonObject().put("currencySymbol", "¥")))
      .put("providers", new JsonObject().put("openai", new JsonObject()
        .put("circuit", new JsonObject().put("consecutiveFailures", 2).put("openMs", 600_000))))
      .put("cron", new JsonObject().put("jobs", new JsonObject().put("health-probes",
        new JsonObject().put("schedule", "*/30 * * * * *").put("enabled", false))));
  }

  @Test
  void theConsoleIsServedAtTheRootUnderAPolicyWithoutInlineScripts() {
    GatewayHarness.Reply index = admin.get("/", null);
    assertEquals(200, index.status());
    assertTrue(index.headers().get("content-type").startsWith("text/html"), index.headers().toString());
    assertTrue(index.body().toString().contains("<script type=\"module\" src=\"js/main.js\"></script>"));
    String csp = index.headers().get("content-security-policy");
    assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), csp);
    assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
    assertEquals("nosniff", index.headers().get("x-content-type-options"));

    GatewayHarness.Reply main = admin.get("/js/main.js", null);
    assertEquals(200, main.status());
    assertTrue(main.headers().get("content-type").contains("javascript"), main.headers().toString());
    GatewayHarness.Reply uplot = admin.get("/vendor/uplot/uPlot.esm.js", null);
    assertEquals(200, uplot.status());
    assertTrue(uplot.body().toString().contains("export { uPlot as default }"), "uPlot's ES module, from its webjar");
    assertEquals(200, admin.get("/vendor/uplot/uPlot.min.css", null).status());
    String etag = uplot.headers().get("etag");
    assertEquals("accept-encoding", uplot.headers().get("vary"), uplot.headers().toString());
    assertEquals(304, admin.call(HttpMethod.GET, "/vendor/uplot/uPlot.esm.js", null, null,
      Map.of("if-none-match", etag)).status(), "unchanged since " + etag);

    assertEquals(404, admin.get("/no-such-file.js", null).status());
    GatewayHarness.Reply unknownApi = admin.get("/admin/no-such-route", null);
    assertEquals(404, unknownApi.status());
    assertEquals("route not found", unknownApi.json().getJsonObject("error").getString("message"),
      "the API keeps its own JSON errors");
  }

  @Test
  void theConsoleSettingsNeedASignInAndNameTheCurrencyAndTheClientPort() {
    assertEquals(401, admin.get("/admin/console/settings", null).status());
    String token = admin.loginAdmin();
    admin.createUser(token, "cleo", "cleo-password-1", "user");
    JsonObject settings = admin.get("/admin/console/settings", admin.login("cleo", "cleo-password-1")).json();
    assertEquals(new JsonObject().put("currencySymbol", "¥").put("clientUrl", "http://127.0.0.1:" + gw.port),
      settings);
  }

  @Test
  void usageComesPerMinuteOrHourAndPerKeyEachCallerSeeingTheirOwn() throws Exception {
    String token = admin.loginAdmin();
    admin.createUser(token, "dana", "dana-password-1", "user");
    String dana = admin.login("dana", "dana-password-1");
    JsonObject key = admin.post("/admin/keys", dana, new JsonObject().put("name", "dana-key")).json();
    for (int i = 0; i < 2; i++) {
      assertEquals(200, gw.post("/v1/chat/completions", key.getString("key"), chat(MODEL, false, null)).await()
        .status());
    }
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    TestStorage.awaitRows("select 1 from usage_log", 3);

    JsonObject all = admin.get("/admin/usage/series?unit=minute", token).json();
    assertEquals("minute", all.getString("unit"));
    assertEquals(3L, sum(all.getJsonArray("items"), "requests"));
    JsonObject bucket = all.getJsonArray("items").getJsonObject(0);
    assertEquals(Instant.parse(bucket.getString("at")).truncatedTo(ChronoUnit.MINUTES),
      Instant.parse(bucket.getString("at")), "a bucket starts on its minute");
    assertTrue(bucket.containsKey("baseCostMicros"), "admins see the base cost");

    JsonObject own = admin.get("/admin/usage/series", dana).json();
    assertEquals("hour", own.getString("unit"), "hours by default");
    assertEquals(2L, sum(own.getJsonArray("items"), "requests"));
    assertFalse(own.getJsonArray("items").getJsonObject(0).containsKey("baseCostMicros"));
    assertEquals(Instant.parse(own.getString("to")).minus(1, ChronoUnit.DAYS), Instant.parse(own.getString("from")),
      "the last 24 hours by default");

    JsonArray keys = admin.get("/admin/usage/keys", dana).json().getJsonArray("keys");
    assertEquals(1, keys.size(), keys.encode());
    assertEquals(key.getLong("id"), keys.getJsonObject(0).getLong("keyId"));
    assertEquals(2L, keys.getJsonObject(0).getLong("requests"));
    assertEquals(2, admin.get("/admin/usage/keys", token).json().getJsonArray("keys").size(), "an admin sees all");

    assertEquals("unit", field(admin.get("/admin/usage/series?unit=day", token)));
    assertEquals("from", field(admin.get("/admin/usage/series?unit=minute&from="
      + Instant.now().minus(2, ChronoUnit.DAYS), token)), "minutes cover at most a day");
    assertEquals(404, admin.get("/admin/usage/series?userId=1", dana).status(), "someone else's usage");
  }

  @Test
  void theHealthGridShowsStatusCircuitLatencyAndTheLastFailure() throws Exception {
    String token = admin.loginAdmin();
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    TestStorage.awaitRows("select 1 from usage_log", 1);
    JsonObject mock = health(token);
    assertEquals(List.of("mock", "active", "closed"), List.of(mock.getString("name"), mock.getString("status"),
      mock.getString("circuit")));
    assertEquals(1L, mock.getJsonObject("lastHour").getLong("requests"));
    assertTrue(mock.getJsonObject("lastHour").getLong("medianTtfbMs") >= 0);
    assertNull(mock.getJsonObject("lastFailure"));

    gw.mock.respond(MockBehavior.ok().withStatus(500));
    int failed = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status();
    assertTrue(failed == 500 || failed == 503, "the upstream failed, then its circuit opened: " + failed);
    long deadline = System.currentTimeMillis() + 10_000;
    while (!"open".equals(mock.getString("circuit")) || mock.getJsonObject("lastFailure") == null) {
      assertTrue(System.currentTimeMillis() < deadline, "the grid did not show the open circuit: " + mock.encode());
      Thread.sleep(50);
      mock = health(token);
    }
    assertEquals(500, mock.getJsonObject("lastFailure").getInteger("status"));
    assertEquals("server_error", mock.getJsonObject("lastFailure").getString("errorClass"));
    assertTrue(mock.getString("circuitSince") != null);
    assertEquals(403, admin.get("/admin/account-health", userToken(token)).status());
  }

  private JsonObject health(String token) {
    JsonArray items = admin.get("/admin/account-health", token).json().getJsonArray("items");
    assertEquals(1, items.size(), items.encode());
    return items.getJsonObject(0);
  }

  private String userToken(String adminToken) {
    admin.createUser(adminToken, "eve", "eve-password-1", "user");
    return admin.login("eve", "eve-password-1");
  }

  private static long sum(JsonArray items, String field) {
    return items.stream().mapToLong(i -> ((JsonObject) i).getLong(field)).sum();
  }

  private static String field(GatewayHarness.Reply reply) {
    assertEquals(400, reply.status(), reply.body().toString());
    return reply.json().getJsonObject("error").getString("field");
  }
}

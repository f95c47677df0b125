package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each kind of anomaly on a client key through the real gateway: a request from another address (127.0.0.2), a
 * model the key never used, and a burst, which by policy disables the key; each a row admins list, a webhook, and the
 * client's address kept in the usage row.
 */
class KeyAnomalyTest extends AdminTest {
  private final List<JsonObject> hooked = new CopyOnWriteArrayList<>();
  private HttpServer webhook;
  private final int hookPort = GatewayHarness.freePort();

  @Override
  protected JsonObject adminOverrides() {
    // one address per network; a bucket of years (the test never straddles one); a burst is more than 8 requests
    return new JsonObject().put("rules", new JsonObject().put("keyAnomalies", new JsonObject()
      .put("ipv4PrefixBits", 32).put("bucketSeconds", 100_000_000).put("warmupBuckets", 0).put("burstFactor", 1)
      .put("burstMinRequests", 8).put("disableOn", new JsonArray().add("burst"))
      .put("webhookUrl", "http://127.0.0.1:" + hookPort + "/key-alerts")));
  }

  @BeforeEach
  void hook() {
    webhook = gw.vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      hooked.add(body.toJsonObject());
      request.response().setStatusCode(204).end();
    })).listen(hookPort, "127.0.0.1").await();
  }

  @AfterEach
  void unhook() {
    webhook.close().await();
  }

  private int chatFrom(HttpClient client, String model) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(gw.port)
      .setURI("/v1/chat/completions").putHeader("authorization", "Bearer " + CLIENT_KEY)
      .putHeader("content-type", "application/json");
    return GatewayHarness.exchange(gw.vertx, client, options, Buffer.buffer(chat(model, false, null))).await().status();
  }

  private static List<String> alerts() throws Exception {
    return TestStorage.query("select concat_ws('|', kind, detail, client_ip, model, action) from key_alerts"
      + " order by id");
  }

  @Test
  void aNewAddressANewModelAndABurstAreEachAlertedAndTheBurstDisablesTheKey() throws Exception {
    HttpClient here = gw.vertx.createHttpClient(new HttpClientOptions().setLocalAddress("127.0.0.1"));
    HttpClient elsewhere = gw.vertx.createHttpClient(new HttpClientOptions().setLocalAddress("127.0.0.2"));
    try {
      assertEquals(200, chatFrom(here, "gpt-4o-mini"));
      TestStorage.awaitRows("select 1 from usage_log", 1); // the first batch is the key's baseline
      assertEquals(200, chatFrom(elsewhere, "gpt-4o-mini"));
      List<String> alerts = TestStorage.awaitRows("select 1 from key_alerts", 1);
      assertEquals(List.of("new_ip|127.0.0.2/32|127.0.0.2|gpt-4o-mini|alert"), alerts());
      assertEquals(List.of("127.0.0.1", "127.0.0.2"), TestStorage.query("select client_ip from usage_log"
        + " order by created_at"), "the client's address is kept in the usage row");

      assertEquals(200, chatFrom(here, "gpt-4o"));
      TestStorage.awaitRows("select 1 from key_alerts", 2);
      assertEquals("new_model|gpt-4o|127.0.0.1|gpt-4o|alert", alerts().get(1));

      for (int i = 0; i < 6; i++) {
        assertEquals(200, chatFrom(here, "gpt-4o-mini")); // nine in the bucket
      }
      TestStorage.awaitRows("select 1 from key_alerts", 3);
      assertTrue(alerts().get(2).startsWith("burst|9 requests in a bucket"), alerts().toString());
      assertTrue(alerts().get(2).endsWith("|disabled"), "by policy");
      long deadline = System.currentTimeMillis() + 10_000;
      int status = chatFrom(here, "gpt-4o-mini");
      while (status != 403 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20); // every key cache drops the key when its disabling is announced
        status = chatFrom(here, "gpt-4o-mini");
      }
      assertEquals(403, status, "the key is switched off");
    } finally {
      here.close().await();
      elsewhere.close().await();
    }

    String token = admin.loginAdmin();
    JsonArray listed = admin.get("/admin/key-alerts", token).json().getJsonArray("items");
    assertEquals(List.of("burst", "new_model", "new_ip"), listed.stream().map(a -> ((JsonObject) a).getString("kind"))
      .toList(), "newest first");
    admin.createUser(token, "watcher", "user-pass-123", "user");
    assertEquals(403, admin.get("/admin/key-alerts", admin.login("watcher", "user-pass-123")).status(), "admins only");
    long until = System.currentTimeMillis() + 10_000;
    while (hooked.size() < 3 && System.currentTimeMillis() < until) {
      Thread.sleep(20);
    }
    assertEquals(List.of("burst", "new_ip", "new_model"), hooked.stream().map(h -> h.getString("kind")).sorted()
      .toList(), "a webhook for each");
  }
}

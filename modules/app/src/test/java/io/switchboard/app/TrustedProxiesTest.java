package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Behind a load balancer (here: the test's loopback client, listed in {@code http.trustedProxies} and
 * {@code admin.trustedProxies}) the client is the address the balancer adds to {@code X-Forwarded-For}: a key's IP
 * allow-list, the unknown-key lookups and sign-in failures per address and the usage row go by it, and what a client
 * writes into the header
 * itself is not believed.
 */
class TrustedProxiesTest extends AdminTest {
  private static final String CLIENT = "203.0.113.7";
  private static final String OTHER = "198.51.100.9";

  @Override
  protected JsonObject adminOverrides() {
    JsonArray loopback = new JsonArray().add("127.0.0.1");
    return new JsonObject().put("http", new JsonObject().put("trustedProxies", loopback))
      .put("admin", new JsonObject().put("trustedProxies", loopback)
        .put("login", new JsonObject().put("maxFailuresPerIp", 2).put("maxFailuresPerUser", 100)))
      .put("auth", new JsonObject().put("maxKeyLookupsPerAddress", 2));
  }

  @Test
  void aKeysAllowListAndItsUsageRowsGoByTheForwardedAddress() throws Exception {
    String token = admin.loginAdmin();
    GatewayHarness.Reply created = admin.post("/admin/keys", token, new JsonObject().put("name", "behind-lb")
      .put("ipAllow", new JsonArray().add("203.0.113.0/24")));
    assertEquals(201, created.status(), created.body().toString());
    String key = created.json().getString("key");

    assertEquals(200, chat(key, CLIENT).status());
    assertEquals(200, chat(key, OTHER + ", " + CLIENT).status(), "a spoofed first entry changes nothing");
    GatewayHarness.Reply spoofed = chat(key, CLIENT + ", " + OTHER);
    assertEquals(403, spoofed.status(), "the client wrote the allowed address itself; the balancer saw " + OTHER);
    assertEquals("This API key may not be used from this address.",
      spoofed.json().getJsonObject("error").getString("message"));
    assertEquals(403, chat(key, null).status(), "no header: the balancer's own address, not on the list");

    assertEquals(List.of(CLIENT, CLIENT), awaitRows("select client_ip from usage_log", 2));
  }

  @Test
  void unknownKeyLookupsAreCountedPerForwardedAddress() throws Exception {
    List<Future<GatewayHarness.Reply>> flood = new ArrayList<>();
    Future<GatewayHarness.Reply> another;
    try (Connection lock = TestStorage.connect()) {
      // the keys' reads wait behind this lock, so each address's lookups are all in flight at once
      lock.setAutoCommit(false);
      lock.createStatement().execute("lock table api_keys in access exclusive mode");
      for (int i = 0; i < 3; i++) { // one more than auth.maxKeyLookupsPerAddress from one forwarded address
        flood.add(send("sb-unknown-" + i, OTHER));
      }
      long deadline = System.currentTimeMillis() + 10_000;
      while (flood.stream().noneMatch(Future::isComplete)) {
        assertTrue(System.currentTimeMillis() < deadline, "the lookup past the bound was answered at once");
        Thread.sleep(10);
      }
      GatewayHarness.Reply refused = flood.stream().filter(Future::isComplete).findFirst().orElseThrow().result();
      assertEquals(429, refused.status(), refused.body().toString());
      another = send("sb-unknown-elsewhere", CLIENT); // the balancer's address is the same, the client's is not
      // refused at once, or its read waits behind the lock beside the flood's two: only then may the lock go
      while (!another.isComplete() && readsWaiting() < 3) {
        assertTrue(System.currentTimeMillis() < deadline, "neither answered nor reading");
        Thread.sleep(10);
      }
      lock.rollback();
    }
    assertEquals(401, another.await(10, TimeUnit.SECONDS).status(), "read, not refused: counted apart");
    List<Integer> statuses = new ArrayList<>();
    for (Future<GatewayHarness.Reply> answer : flood) {
      statuses.add(answer.await(10, TimeUnit.SECONDS).status());
    }
    assertEquals(List.of(401, 401, 429), statuses.stream().sorted().toList());
  }

  /** Key reads waiting for the test's lock on api_keys. */
  private static int readsWaiting() throws Exception {
    return Integer.parseInt(TestStorage.query("select count(*) from pg_locks where not granted"
      + " and relation = 'api_keys'::regclass").get(0));
  }

  @Test
  void theConsolesPlaygroundPassesItsUsersAddressOn() throws Exception {
    String token = admin.loginAdmin();
    String key = admin.post("/admin/keys", token, new JsonObject().put("name", "console-user")
      .put("ipAllow", new JsonArray().add("203.0.113.0/24"))).json().getString("key");
    assertEquals(200, playground(token, key, CLIENT).status());
    GatewayHarness.Reply outside = playground(token, key, OTHER);
    assertEquals(403, outside.status(), "the relay says the console user's address, not its own");
    assertEquals("This API key may not be used from this address.",
      outside.json().getJsonObject("error").getString("message"));
    assertEquals(List.of(CLIENT), awaitRows("select client_ip from usage_log", 1));
  }

  @Test
  void signInFailuresAreCountedPerForwardedAddress() throws Exception {
    for (int i = 0; i < 2; i++) {
      assertEquals(401, login(OTHER, "wrong-password").status());
    }
    assertEquals(429, login(OTHER, "wrong-password").status(), "its third attempt within the window");
    assertEquals(200, login(CLIENT, AdminClient.ADMIN_PASSWORD).status(), "another client behind the same balancer");
    assertEquals(List.of(OTHER + "|denied", OTHER + "|denied", OTHER + "|throttled", CLIENT + "|ok"),
      TestStorage.query("select concat_ws('|', ip, outcome) from audit_log where action = 'login' order by id"));
  }

  /** A chat request through the balancer, which says the client is {@code forwardedFor} (none when null). */
  private GatewayHarness.Reply chat(String key, String forwardedFor) {
    return send(key, forwardedFor).await();
  }

  private Future<GatewayHarness.Reply> send(String key, String forwardedFor) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
      .putHeader("content-type", "application/json").putHeader("authorization", "Bearer " + key);
    if (forwardedFor != null) {
      options.putHeader("x-forwarded-for", forwardedFor);
    }
    return gw.exchange(options, Buffer.buffer(GatewayHarness.chat(MODEL, false, null)));
  }

  /** A chat request through the console's playground, whose user the balancer in front of the admin port names. */
  private GatewayHarness.Reply playground(String token, String key, String forwardedFor) {
    return admin.call(HttpMethod.POST, "/admin/playground/openai", token, GatewayHarness.chat(MODEL, false, null),
      Map.of("x-playground-key", key, "x-forwarded-for", forwardedFor));
  }

  private GatewayHarness.Reply login(String forwardedFor, String password) {
    return admin.call(HttpMethod.POST, "/admin/auth/login", null,
      new JsonObject().put("username", "admin").put("password", password), Map.of("x-forwarded-for", forwardedFor));
  }
}

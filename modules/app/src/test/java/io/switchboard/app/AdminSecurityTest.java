package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.UPSTREAM_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Login throttling, token lifetimes, and secrets that never show in a response or a log line. */
class AdminSecurityTest extends AdminTest {

  @Test
  void repeatedFailedLoginsAre429WithRetryAfterAndEveryAttemptIsAudited() throws Exception {
    for (int i = 0; i < 5; i++) {
      GatewayHarness.Reply wrong = admin.post("/admin/auth/login", null, new JsonObject().put("username", "admin")
        .put("password", "wrong-password-" + i));
      assertEquals(401, wrong.status());
      assertEquals("wrong username or password", wrong.json().getJsonObject("error").getString("message"));
    }
    GatewayHarness.Reply throttled = admin.post("/admin/auth/login", null, new JsonObject().put("username", "admin")
      .put("password", AdminClient.ADMIN_PASSWORD));
    assertEquals(429, throttled.status(), "even the right password waits out the window");
    long retryAfter = Long.parseLong(throttled.headers().get("retry-after"));
    assertTrue(retryAfter > 0 && retryAfter <= 900, "retry-after " + retryAfter);
    assertEquals(List.of("denied", "denied", "denied", "denied", "denied", "throttled"),
      TestStorage.query("select outcome from audit_log where action = 'login' and actor_name = 'admin' order by id"));
    assertEquals(List.of("127.0.0.1"), TestStorage.query("select distinct ip from audit_log"));

    GatewayHarness.Reply unknown = admin.post("/admin/auth/login", null, new JsonObject().put("username", "nobody")
      .put("password", "whatever-123"));
    assertEquals(401, unknown.status(), "another username is counted apart (the address allows 20)");
    // the window is over: the failure counters expire in Redis
    io.vertx.redis.client.Redis redis = io.vertx.redis.client.Redis.createClient(gw.vertx, TestStorage.redisUrl());
    redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.DEL).arg("sb:login:user:admin")).await();
    redis.close();
    assertEquals(200, admin.post("/admin/auth/login", null, new JsonObject().put("username", "admin")
      .put("password", AdminClient.ADMIN_PASSWORD)).status());
  }

  @Test
  void namesHoldingControlCharactersAre400() throws Exception {
    GatewayHarness.Reply login = admin.post("/admin/auth/login", null, new JsonObject().put("username", "adm\u0000in")
      .put("password", "whatever-it-is"));
    assertEquals(400, login.status(), login.body().toString());
    assertEquals("username", login.json().getJsonObject("error").getString("field"));
    String token = admin.loginAdmin();
    GatewayHarness.Reply key = admin.post("/admin/keys", token, new JsonObject().put("name", "app\n1"));
    assertEquals(400, key.status(), key.body().toString());
    assertEquals("name", key.json().getJsonObject("error").getString("field"));
    assertEquals(List.of(), TestStorage.query("select name from api_keys where name like 'app%'"));
  }

  @Test
  void aPasswordChangeEndsEveryEarlierTokenAndRefreshTokensOnlyRefresh() {
    GatewayHarness.Reply login = admin.post("/admin/auth/login", null, new JsonObject().put("username", "admin")
      .put("password", AdminClient.ADMIN_PASSWORD));
    String access = login.json().getString("accessToken");
    String refresh = login.json().getString("refreshToken");
    assertEquals(401, admin.get("/admin/me", refresh).status(), "a refresh token is not an access token");
    GatewayHarness.Reply refreshed = admin.post("/admin/auth/refresh", null, new JsonObject().put("refreshToken", refresh));
    assertEquals(200, refreshed.status());
    assertEquals(401, admin.post("/admin/auth/refresh", null, new JsonObject().put("refreshToken", access)).status());

    GatewayHarness.Reply wrongCurrent = admin.post("/admin/me/password", access, new JsonObject()
      .put("currentPassword", "not-it-at-all").put("newPassword", "a-new-password-1"));
    assertEquals(400, wrongCurrent.status());
    assertEquals("currentPassword", wrongCurrent.json().getJsonObject("error").getString("field"));
    GatewayHarness.Reply tooShort = admin.post("/admin/me/password", access, new JsonObject()
      .put("currentPassword", AdminClient.ADMIN_PASSWORD).put("newPassword", "short"));
    assertEquals("newPassword", tooShort.json().getJsonObject("error").getString("field"));

    GatewayHarness.Reply changed = admin.post("/admin/me/password", access, new JsonObject()
      .put("currentPassword", AdminClient.ADMIN_PASSWORD).put("newPassword", "a-new-password-1"));
    assertEquals(200, changed.status());
    assertEquals(401, admin.get("/admin/me", access).status(), "the old access token died with the change");
    assertEquals(401, admin.post("/admin/auth/refresh", null, new JsonObject().put("refreshToken", refresh)).status());
    assertEquals(200, admin.get("/admin/me", changed.json().getString("accessToken")).status());
    assertEquals(200, admin.post("/admin/auth/login", null, new JsonObject().put("username", "admin")
      .put("password", "a-new-password-1")).status());
  }

  @Test
  void theMultiplierIsNeverVisibleToTheUserItAppliesTo() throws Exception {
    String token = admin.loginAdmin();
    long grace = admin.createUser(token, "grace", "grace-password-1", "user");
    GatewayHarness.Reply batch = admin.post("/admin/users/multiplier", token, new JsonObject()
      .put("multiplierPpm", 1_370_000).put("userIds", new JsonArray().add(grace)));
    assertEquals(200, batch.status(), batch.body().toString());
    assertEquals(1, batch.json().getInteger("updated"));
    assertEquals(1_370_000L, admin.get("/admin/users/" + grace, token).json().getLong("priceMultiplierPpm"));
    assertEquals(2, admin.post("/admin/users/multiplier", token, new JsonObject().put("multiplierPpm", 1_370_000)
      .put("all", true)).json().getInteger("updated"), "admin and grace");

    String graceToken = admin.login("grace", "grace-password-1");
    List<String> userBodies = new ArrayList<>();
    userBodies.add(admin.post("/admin/auth/login", null, new JsonObject().put("username", "grace")
      .put("password", "grace-password-1")).body().toString());
    userBodies.add(admin.get("/admin/me", graceToken).body().toString());
    GatewayHarness.Reply key = admin.post("/admin/keys", graceToken, new JsonObject().put("name", "grace-key"));
    userBodies.add(key.body().toString());
    long keyId = key.json().getLong("id");
    userBodies.add(admin.get("/admin/keys", graceToken).body().toString());
    userBodies.add(admin.get("/admin/keys/" + keyId, graceToken).body().toString());
    userBodies.add(admin.call(HttpMethod.PATCH, "/admin/keys/" + keyId, graceToken, new JsonObject().put("rpm", 5))
      .body().toString());
    GatewayHarness.Reply rotated = admin.post("/admin/keys/" + keyId + "/rotate", graceToken, null);
    userBodies.add(rotated.body().toString());

    // priced traffic: 100000 micro-units an input token, so grace's request costs 1100000 at base prices
    assertEquals(200, admin.call(HttpMethod.PUT, "/admin/prices/" + MODEL, token, new JsonObject()
      .put("inputMicros", 100_000_000_000L).put("outputMicros", 0)).status());
    assertEquals(200, gw.post("/v1/chat/completions", rotated.json().getString("key"), chat(MODEL, false, null))
      .await().status());
    assertEquals(List.of("1100000|1507000"), TestStorage.awaitRows(
      "select base_cost_micros || '|' || charged_cost_micros from usage_log", 1));
    for (String path : List.of("/admin/usage/summary", "/admin/usage/daily", "/admin/usage/monthly",
        "/admin/usage/models", "/admin/usage/records", "/admin/usage/records.csv", "/admin/keys",
        "/admin/keys/" + keyId, "/admin/usage/summary?keyId=" + keyId, "/admin/usage/records?userId=" + grace)) {
      GatewayHarness.Reply reply = admin.get(path, graceToken);
      assertEquals(200, reply.status(), path);
      assertTrue(reply.body().toString().contains("1507000"), path + " shows the charged cost: " + reply.body());
      userBodies.add(reply.body().toString());
    }
    for (String body : userBodies) {
      assertFalse(derivable(body), "nothing the multiplier can be derived from: " + body);
    }
    assertTrue(admin.get("/admin/usage/records", token).body().toString().contains("\"baseCostMicros\":1100000"),
      "admins see the base cost");
  }

  /**
   * Whether a body shows the multiplier or what it can be derived from: a field or CSV column named for it
   * (multiplier, base..., ...ratio), or the multiplier or the base cost as a value of its own. A value is never
   * looked for inside a longer number or a word: a timestamp's {@code 31.377566} holds no 1.37, and random tokens
   * (JWTs, keys) hold any letters and digits by chance.
   */
  private static boolean derivable(String body) {
    Matcher fields = Pattern.compile("\"([^\"\\\\]*)\"\\s*:").matcher(body);
    while (fields.find()) {
      if (namesIt(fields.group(1))) {
        return true;
      }
    }
    if (!body.startsWith("{") && !body.startsWith("[")
      && Arrays.stream(body.lines().findFirst().orElse("").split(",")).anyMatch(AdminSecurityTest::namesIt)) {
      return true; // a CSV's header
    }
    return Pattern.compile("(?<![\\w.])(1\\.37|1370000|1100000)(?![\\w.])").matcher(body).find();
  }

  private static boolean namesIt(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.contains("multiplier") || lower.contains("base") || lower.contains("ratio");
  }

  @Test
  void noSecretReachesAResponseOrALogLine() throws Exception {
    CapturedLogs logs = CapturedLogs.attach();
    List<String> secrets = new ArrayList<>();
    List<String> reveals = new ArrayList<>(); // the one answer that shows each client key, on create and rotate
    try {
      String token = admin.loginAdmin();
      secrets.add(AdminClient.ADMIN_PASSWORD);
      secrets.add("henry-password-1");
      long henry = admin.createUser(token, "henry", "henry-password-1", "user");
      String henryToken = admin.login("henry", "henry-password-1");
      GatewayHarness.Reply created = admin.post("/admin/keys", henryToken, new JsonObject().put("name", "henry-key"));
      String clientKey = created.json().getString("key");
      GatewayHarness.Reply rotated = admin.post("/admin/keys/" + created.json().getLong("id") + "/rotate", henryToken,
        null);
      String rotatedKey = rotated.json().getString("key");
      reveals.add(created.body().toString());
      reveals.add(rotated.body().toString());
      admin.post("/admin/users/" + henry + "/password", token, new JsonObject().put("password", "henry-password-2"));
      secrets.add("henry-password-2");
      String upstream = "sk-live-upstream-secret-5e6f7a8b";
      secrets.add(upstream);
      GatewayHarness.Reply account = admin.post("/admin/accounts", token, new JsonObject().put("name", "second")
        .put("provider", "openai").put("baseUrl", gw.mock.baseUrl()).put("apiKey", upstream)
        .put("models", new JsonArray().add("gpt-4o")));
      assertEquals(201, account.status(), account.body().toString());
      assertEquals("…7a8b", account.json().getString("credential"));
      admin.get("/admin/accounts", token);
      admin.post("/admin/accounts/" + account.json().getLong("id") + "/test", token, null);
      admin.post("/admin/security/master-key/rotate", token, null);
      admin.get("/admin/audit", token);
      admin.get("/admin/audit.csv", token);
      admin.post("/admin/auth/login", null, new JsonObject().put("username", "henry").put("password", "wrong-secret-guess"));
      secrets.add("wrong-secret-guess");
      gw.post("/v1/chat/completions", rotatedKey, chat(MODEL, false, null)).await();
      gw.post("/v1/chat/completions", clientKey, chat(MODEL, false, null)).await();
      admin.call(HttpMethod.PATCH, "/admin/accounts/" + account.json().getLong("id"), token,
        new JsonObject().put("baseUrl", "not a url at all"));
      secrets.add(clientKey);
      secrets.add(rotatedKey);
      secrets.add(UPSTREAM_KEY);
      secrets.add("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="); // the master key (and so the JWT secret's source)
      secrets.addAll(TestStorage.query("select password_hash from users"));
    } finally {
      logs.detach();
    }
    List<String> seen = new ArrayList<>(admin.seen());
    assertTrue(seen.size() > 12, "the admin calls were recorded: " + seen.size());
    List<String> audit = TestStorage.query("select coalesce(before::text, '') || coalesce(after::text, '')"
      + " from audit_log");
    for (String secret : secrets) {
      for (String body : seen) {
        boolean reveal = reveals.stream().anyMatch(body::endsWith) && secret.startsWith("sb-");
        assertFalse(!reveal && body.contains(secret), "a response holds a secret: " + body);
      }
      for (String line : logs.lines()) {
        assertFalse(line.contains(secret), "a log line holds a secret: " + line);
      }
      for (String row : audit) {
        assertFalse(row.contains(secret), "an audit row holds a secret: " + row);
      }
    }
    for (String row : audit) {
      assertFalse(row.contains("$argon2"), "no password hash in the audit log: " + row);
    }
  }
}

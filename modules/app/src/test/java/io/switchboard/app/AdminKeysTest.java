package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client keys made and changed through the admin API act on the very next request through the ingress. */
class AdminKeysTest extends AdminTest {

  /** Two ingress instances (and two auth instances): each has its own cache, and each must drop it. */
  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("ingress", new JsonObject().put("instances", 2))
      .put("auth", new JsonObject().put("instances", 2));
  }

  @Test
  void aKeyDisabledThroughTheApiIsRefusedOnTheNextRequest() throws Exception {
    String token = admin.loginAdmin();
    GatewayHarness.Reply created = admin.post("/admin/keys", token, new JsonObject().put("name", "app-1")
      .put("models", new JsonArray().add("gpt-4o*")));
    assertEquals(201, created.status(), created.body().toString());
    String key = created.json().getString("key");
    long id = created.json().getLong("id");
    assertTrue(key.matches("sb-[A-Za-z0-9_-]{43}"), key);
    assertEquals(key.substring(0, 3) + "…" + key.substring(key.length() - 4), created.json().getString("displayPrefix"));
    assertEquals(List.of(io.switchboard.api.ApiKeys.sha256Hex(key)),
      TestStorage.query("select key_hash from api_keys where id = " + id), "stored as its SHA-256 only");

    for (int i = 0; i < 4; i++) { // both ingress instances serve, and cache, the key
      assertEquals(200, gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await().status());
    }
    GatewayHarness.Reply disabled = admin.post("/admin/keys/" + id + "/disable", token, null);
    assertEquals(200, disabled.status());
    assertFalse(disabled.json().getBoolean("enabled"));
    for (int i = 0; i < 4; i++) {
      GatewayHarness.Reply refused = gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await();
      assertEquals(403, refused.status(), "request " + i + " after the disable");
      assertEquals("This API key has been disabled.", refused.json().getJsonObject("error").getString("message"));
    }
    assertFalse(admin.get("/admin/keys/" + id, token).body().toString().contains(key), "never shown again");

    assertEquals(200, admin.post("/admin/keys/" + id + "/enable", token, null).status());
    assertEquals(200, gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await().status());
  }

  @Test
  void rotateExpiryAndIpAllowListTakeEffectAtOnce() throws Exception {
    String token = admin.loginAdmin();
    GatewayHarness.Reply created = admin.post("/admin/keys", token, new JsonObject().put("name", "app-2"));
    String key = created.json().getString("key");
    long id = created.json().getLong("id");
    assertEquals(200, gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await().status());

    GatewayHarness.Reply rotated = admin.post("/admin/keys/" + id + "/rotate", token, null);
    assertEquals(200, rotated.status());
    String newKey = rotated.json().getString("key");
    assertEquals(id, rotated.json().getLong("id"));
    assertEquals(401, gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await().status());
    assertEquals(200, gw.post("/v1/chat/completions", newKey, chat(MODEL, false, null)).await().status());

    GatewayHarness.Reply walled = admin.call(HttpMethod.PATCH, "/admin/keys/" + id, token,
      new JsonObject().put("ipAllow", new JsonArray().add("10.0.0.0/8")));
    assertEquals(200, walled.status(), walled.body().toString());
    GatewayHarness.Reply outside = gw.post("/v1/chat/completions", newKey, chat(MODEL, false, null)).await();
    assertEquals(403, outside.status());
    assertEquals("This API key may not be used from this address.",
      outside.json().getJsonObject("error").getString("message"));
    admin.call(HttpMethod.PATCH, "/admin/keys/" + id, token,
      new JsonObject().put("ipAllow", new JsonArray().add("127.0.0.0/8").add("::1")));
    assertEquals(200, gw.post("/v1/chat/completions", newKey, chat(MODEL, false, null)).await().status());

    admin.call(HttpMethod.PATCH, "/admin/keys/" + id, token, new JsonObject().put("expiresAt", "2020-01-01T00:00:00Z"));
    GatewayHarness.Reply expired = gw.post("/v1/chat/completions", newKey, chat(MODEL, false, null)).await();
    assertEquals(401, expired.status(), "an expired key is an invalid credential, as OpenAI answers it");
    assertEquals("This API key has expired.", expired.json().getJsonObject("error").getString("message"));

    GatewayHarness.Reply badCidr = admin.call(HttpMethod.PATCH, "/admin/keys/" + id, token,
      new JsonObject().put("ipAllow", new JsonArray().add("10.0.0.0/40")));
    assertEquals(400, badCidr.status());
    assertEquals("ipAllow[0]", badCidr.json().getJsonObject("error").getString("field"));

    assertEquals(204, admin.call(HttpMethod.DELETE, "/admin/keys/" + id, token, null).status());
    assertEquals(401, gw.post("/v1/chat/completions", newKey, chat(MODEL, false, null)).await().status());
  }

  @Test
  void aDisabledOwnerTakesTheirKeysDownAndEveryActionIsAudited() throws Exception {
    String token = admin.loginAdmin();
    long erin = admin.createUser(token, "erin", "erin-password-1", "user");
    String erinToken = admin.login("erin", "erin-password-1");
    GatewayHarness.Reply created = admin.post("/admin/keys", erinToken, new JsonObject().put("name", "erin-key"));
    String key = created.json().getString("key");
    long keyId = created.json().getLong("id");
    assertEquals(200, gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await().status());

    GatewayHarness.Reply disabled = admin.call(HttpMethod.PATCH, "/admin/users/" + erin, token,
      new JsonObject().put("enabled", false));
    assertEquals(200, disabled.status());
    assertEquals(401, gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await().status());
    assertEquals(401, admin.get("/admin/me", erinToken).status(), "the disabled user's token is dead at once");
    assertEquals(401, admin.post("/admin/auth/login", null, new JsonObject().put("username", "erin")
      .put("password", "erin-password-1")).status());

    List<String> actions = TestStorage.query("select action || ':' || coalesce(target_id, '') || ':' || outcome"
      + " from audit_log order by id");
    assertEquals(List.of("login::ok", "user.create:" + erin + ":ok", "login:" + erin + ":ok",
      "key.create:" + keyId + ":ok", "user.update:" + erin + ":ok", "login:" + erin + ":disabled"), actions.stream()
      .map(a -> a.replaceFirst("^login:1:ok", "login::ok")).toList());
    JsonObject update = new JsonObject(TestStorage.query("select json_build_object('before', before, 'after', after,"
      + " 'actor', actor_name, 'ip', ip)::text from audit_log where action = 'user.update'").get(0));
    assertTrue(update.getJsonObject("before").getBoolean("enabled"));
    assertFalse(update.getJsonObject("after").getBoolean("enabled"));
    assertEquals("admin", update.getString("actor"));
    assertEquals("127.0.0.1", update.getString("ip"));
    assertNull(update.getJsonObject("after").getString("passwordHash"));
    assertFalse(update.encode().contains("argon2"), "no password hash in the audit: " + update.encode());
  }

  @Test
  void atMostMaxKeysPerUser() {
    String token = admin.loginAdmin();
    admin.createUser(token, "frank", "frank-password-1", "user");
    String frank = admin.login("frank", "frank-password-1");
    for (int i = 0; i < 10; i++) {
      assertEquals(201, admin.post("/admin/keys", frank, new JsonObject().put("name", "frank-" + i)).status());
    }
    GatewayHarness.Reply eleventh = admin.post("/admin/keys", frank, new JsonObject().put("name", "frank-10"));
    assertEquals(409, eleventh.status());
    assertTrue(eleventh.json().getJsonObject("error").getString("message").contains("10"));
    assertEquals(201, admin.post("/admin/keys", token, new JsonObject().put("name", "frank-0")).status(),
      "names are unique per owner: the admin's own frank-0 is another key");
    GatewayHarness.Reply duplicate = admin.post("/admin/keys", token, new JsonObject().put("name", "frank-0"));
    assertEquals(409, duplicate.status(), "names are unique per owner");
  }
}

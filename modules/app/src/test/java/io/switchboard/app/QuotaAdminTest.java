package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The admin side of quotas through the admin port: balance top-ups and adjustments with their history and audit rows,
 * daily quota and fallback group, the users on fallback; and a client of that user sees each change on its next
 * request (auth drops its cached balance and limits when the change is published).
 */
class QuotaAdminTest extends AdminTest {

  @Test
  void aTopUpLiftsA402AtOnceAndEveryChangeIsInTheHistoryAndTheAuditLog() throws Exception {
    String token = admin.loginAdmin();
    long ann = admin.createUser(token, "ann", "ann-password-1", "user");
    String clientKey = admin.post("/admin/keys", admin.login("ann", "ann-password-1"),
      new JsonObject().put("name", "ann-key")).json().getString("key");
    JsonObject withdrawn = admin.post("/admin/users/" + ann + "/balance", token, new JsonObject()
      .put("amountMicros", -1).put("reason", "prepaid plan starts empty")).json();
    assertEquals(List.of(0L, -1L, -1L), List.of(withdrawn.getLong("beforeMicros"), withdrawn.getLong("afterMicros"),
      withdrawn.getLong("deltaMicros")));
    assertEquals(402, gw.post("/v1/chat/completions", clientKey, chat(MODEL, false, null)).await().status());

    GatewayHarness.Reply topUp = admin.post("/admin/users/" + ann + "/balance", token, new JsonObject()
      .put("amountMicros", 5_000_001).put("reason", "invoice 42 paid"));
    assertEquals(200, topUp.status(), topUp.body().toString());
    assertEquals(5_000_000L, topUp.json().getLong("afterMicros"));
    assertEquals(200, gw.post("/v1/chat/completions", clientKey, chat(MODEL, false, null)).await().status(),
      "the cached balance was dropped with the change");

    JsonArray history = admin.get("/admin/users/" + ann + "/quota-history", token).json().getJsonArray("items");
    JsonObject newestManual = history.stream().map(JsonObject.class::cast)
      .filter(h -> h.getString("reason").equals("invoice 42 paid")).findFirst().orElseThrow();
    assertEquals(List.of(-1L, 5_000_000L, 5_000_001L, "admin"), List.of(newestManual.getLong("beforeMicros"),
      newestManual.getLong("afterMicros"), newestManual.getLong("deltaMicros"), newestManual.getString("actor")));
    assertEquals("prepaid plan starts empty", history.getJsonObject(history.size() - 1).getString("reason"),
      "newest first: the first change is last");
    assertEquals(List.of("-1|-1|prepaid plan starts empty", "5000000|5000001|invoice 42 paid"), TestStorage.query(
      "select after::json->>'balanceMicros' || '|' || (after::json->>'deltaMicros') || '|' || (after::json->>'reason')"
      + " from audit_log where action = 'user.balance.adjust' and target_id = '" + ann + "' order by id"));

    assertEquals("amountMicros", field(admin.post("/admin/users/" + ann + "/balance", token,
      new JsonObject().put("amountMicros", 0).put("reason", "nothing"))));
    assertEquals("reason", field(admin.post("/admin/users/" + ann + "/balance", token,
      new JsonObject().put("amountMicros", 5))));
    assertEquals(404, admin.post("/admin/users/999999/balance", token, new JsonObject().put("amountMicros", 5)
      .put("reason", "x")).status());
    assertEquals(2, TestStorage.query("select 1 from audit_log where action = 'user.balance.adjust'").size(),
      "refused changes leave no audit row");
  }

  @Test
  void aDailyQuotaWithAFallbackGroupPutsTheUserOnFallbackWhereAdminsSeeIt() throws Exception {
    String token = admin.loginAdmin();
    long bea = admin.createUser(token, "bea", "bea-password-1", "user");
    String clientKey = admin.post("/admin/keys", admin.login("bea", "bea-password-1"),
      new JsonObject().put("name", "bea-key")).json().getString("key");
    assertEquals(201, admin.post("/admin/groups", token, new JsonObject().put("name", "cheap")).status());
    long mock = new JsonArray(admin.get("/admin/accounts", token).body()).getJsonObject(0).getLong("id");
    assertEquals(200, admin.call(HttpMethod.PATCH, "/admin/accounts/" + mock, token, new JsonObject()
      .put("groups", new JsonArray().add("default").add("cheap"))).status(), "the mock also serves the cheap group");
    assertEquals(0, new JsonArray(admin.get("/admin/quotas/fallback", token).body()).size());

    assertEquals("fallbackGroup", field(admin.call(HttpMethod.PATCH, "/admin/users/" + bea + "/quota", token,
      new JsonObject().put("fallbackGroup", "no-such-group"))));
    assertEquals("dailyQuotaMicros", field(admin.call(HttpMethod.PATCH, "/admin/users/" + bea + "/quota", token,
      new JsonObject().put("dailyQuotaMicros", -1))));
    GatewayHarness.Reply set = admin.call(HttpMethod.PATCH, "/admin/users/" + bea + "/quota", token,
      new JsonObject().put("dailyQuotaMicros", 0).put("fallbackGroup", "cheap"));
    assertEquals(200, set.status(), set.body().toString());
    assertEquals(0L, set.json().getLong("dailyQuotaMicros"));
    assertEquals("cheap", set.json().getString("fallbackGroup"));
    assertEquals(List.of("user.quota.set"), TestStorage.query("select action from audit_log where target_id = '"
      + bea + "' and action like 'user.quota%'"));

    assertEquals(200, gw.post("/v1/chat/completions", clientKey, chat(MODEL, false, null)).await().status());
    assertEquals(List.of("cheap|true"), TestStorage.awaitRows(
      "select group_name || '|' || on_fallback from usage_log where user_id = " + bea, 1));
    TestStorage.awaitRows("select 1 from users where fallback_since is not null", 1);
    JsonArray onFallback = new JsonArray(admin.get("/admin/quotas/fallback", token).body());
    assertEquals(1, onFallback.size(), onFallback.encode());
    assertEquals("bea", onFallback.getJsonObject(0).getString("username"));
    assertEquals("cheap", onFallback.getJsonObject(0).getString("fallbackGroup"));
    JsonObject quota = admin.get("/admin/users/" + bea + "/quota", token).json();
    assertTrue(quota.getString("fallbackSince") != null, quota.encode());
    assertEquals("UTC", quota.getString("quotaTimeZone"));

    // clearing the fallback group: the spent quota now refuses the client with 402 on its next request
    assertEquals(200, admin.call(HttpMethod.PATCH, "/admin/users/" + bea + "/quota", token,
      new JsonObject().putNull("fallbackGroup")).status());
    assertEquals(List.of(""), TestStorage.query("select coalesce(fallback_group, '') from users where id = " + bea));
    assertEquals(402, gw.post("/v1/chat/completions", clientKey, chat(MODEL, false, null)).await().status());
  }

  @Test
  void resettingTodaysQuotaLetsASpentUserThroughAgainForTheRestOfTheDay() throws Exception {
    String token = admin.loginAdmin();
    long gil = admin.createUser(token, "gil", "gil-password-1", "user");
    String gilToken = admin.login("gil", "gil-password-1");
    String clientKey = admin.post("/admin/keys", gilToken, new JsonObject().put("name", "gil-key")).json()
      .getString("key");
    assertEquals(200, admin.call(HttpMethod.PATCH, "/admin/users/" + gil + "/quota", token,
      new JsonObject().put("dailyQuotaMicros", 1)).status());
    assertEquals(200, gw.post("/v1/chat/completions", clientKey, chat(MODEL, false, null)).await().status());
    TestStorage.awaitRows("select 1 from usage_log where user_id = " + gil + " and charged_cost_micros > 1", 1);
    long deadline = System.currentTimeMillis() + 10_000;
    while (gw.post("/v1/chat/completions", clientKey, chat(MODEL, false, null)).await().status() != 402) {
      assertTrue(System.currentTimeMillis() < deadline, "the spent quota never refused the client");
    }
    assertTrue(admin.get("/admin/users/" + gil + "/quota", token).json().getLong("todaySpendMicros") > 1);

    assertEquals(403, admin.post("/admin/users/" + gil + "/quota/reset", gilToken, null).status());
    assertEquals(404, admin.post("/admin/users/999999/quota/reset", token, null).status());
    GatewayHarness.Reply reset = admin.post("/admin/users/" + gil + "/quota/reset", token, null);
    assertEquals(200, reset.status(), reset.body().toString());
    assertEquals(0L, reset.json().getLong("todaySpendMicros"));
    assertEquals(1L, reset.json().getLong("dailyQuotaMicros"), "the quota itself stays");
    assertEquals(200, gw.post("/v1/chat/completions", clientKey, chat(MODEL, false, null)).await().status(),
      "the day counter starts over from the reset");
    assertEquals(List.of("user.quota.reset"), TestStorage.query("select action from audit_log where target_id = '"
      + gil + "' and action = 'user.quota.reset'"));
  }

  private static String field(GatewayHarness.Reply reply) {
    assertEquals(400, reply.status(), reply.body().toString());
    return reply.json().getJsonObject("error").getString("field");
  }
}

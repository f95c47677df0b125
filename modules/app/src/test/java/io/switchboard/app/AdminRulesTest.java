package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Rules through the admin port: CRUD with validation that names the bad regex or JSON path, audited and announced
 * to every engine; a rule created by the API fires on the next real upstream failure and its hit is listed.
 */
class AdminRulesTest extends AdminTest {
  private static final String BOOM = "{\"error\":{\"message\":\"upstream exploded\",\"type\":\"server_error\","
    + "\"code\":\"boom_7\"}}";

  @Test
  void rulesAreCreatedReadChangedAndDeletedValidatedAuditedAndAnnounced() throws Exception {
    List<Long> announced = new CopyOnWriteArrayList<>();
    gw.vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, m -> {
      if (ConfigChanged.RULE.equals(m.body().entity())) {
        announced.add(m.body().id());
      }
    }).completion().await();
    String token = admin.loginAdmin();
    TestStorage.query("insert into rules (name, condition, actions) values ('seeded', '{\"type\":\"status\","
      + "\"equals\":529}', '[{\"type\":\"log\"}]') returning id");
    JsonArray listed = new JsonArray(admin.get("/admin/rules", token).body());
    assertEquals(List.of("seeded"), listed.stream().map(r -> ((JsonObject) r).getString("name")).toList());
    assertEquals(new JsonObject().put("type", "status").put("equals", 529),
      listed.getJsonObject(0).getJsonObject("condition"));

    JsonObject badRegex = rule("bad").put("condition", new JsonObject().put("all", new JsonArray()
      .add(new JsonObject().put("type", "bodyMatches").put("regex", "(unclosed"))
      .add(new JsonObject().put("type", "jsonPath").put("jsonPath", "$..[?(").put("op", "equals").put("value", 1))));
    GatewayHarness.Reply refused = admin.post("/admin/rules", token, badRegex);
    assertEquals(400, refused.status(), refused.body().toString());
    JsonObject error = refused.json().getJsonObject("error");
    assertEquals("condition.all[0].regex", error.getString("field"));
    assertTrue(error.getString("message").contains("condition.all[1].jsonPath"), error.getString("message"));
    assertEquals(List.of("1"), TestStorage.query("select count(*) from rules"), "nothing was written");

    GatewayHarness.Reply created = admin.post("/admin/rules", token, rule("quota-watch"));
    assertEquals(201, created.status(), created.body().toString());
    long id = created.json().getLong("id");
    assertEquals("quota-watch", admin.get("/admin/rules/" + id, token).json().getString("name"));

    GatewayHarness.Reply changed = admin.call(HttpMethod.PATCH, "/admin/rules/" + id, token, new JsonObject()
      .put("threshold", new JsonObject().put("count", 3).put("windowSeconds", 120)).put("reenableAfterSeconds", null));
    assertEquals(200, changed.status(), changed.body().toString());
    assertEquals(3, changed.json().getJsonObject("threshold").getInteger("count"));
    assertEquals(List.of("3|120||quota-watch"), TestStorage.query("select concat_ws('|', threshold_count,"
      + " window_seconds, coalesce(reenable_after_seconds::text, ''), name) from rules where id = " + id));

    GatewayHarness.Reply badPath = admin.call(HttpMethod.PATCH, "/admin/rules/" + id, token, new JsonObject()
      .put("condition", new JsonObject().put("type", "jsonPath").put("jsonPath", "$..[?(").put("op", "equals")
        .put("value", "x")));
    assertEquals(400, badPath.status(), badPath.body().toString());
    assertEquals("condition.jsonPath", badPath.json().getJsonObject("error").getString("field"));

    assertEquals(false, admin.post("/admin/rules/" + id + "/disable", token, null).json().getBoolean("enabled"));
    assertEquals(List.of("f"), TestStorage.query("select enabled from rules where id = " + id));
    assertEquals(true, admin.post("/admin/rules/" + id + "/enable", token, null).json().getBoolean("enabled"));
    assertEquals(204, admin.call(HttpMethod.DELETE, "/admin/rules/" + id, token, null).status());
    assertEquals(404, admin.get("/admin/rules/" + id, token).status());
    assertEquals(404, admin.call(HttpMethod.PATCH, "/admin/rules/" + id, token, new JsonObject()).status());

    assertEquals(List.of("rule.create|admin", "rule.update|admin", "rule.disable|admin", "rule.enable|admin",
      "rule.delete|admin"), TestStorage.query("select concat_ws('|', action, actor_name) from audit_log"
      + " where target_type = 'rule' and target_id = '" + id + "' order by id"));
    assertEquals(List.of("1|3"), TestStorage.query("select concat_ws('|', before->'threshold'->>'count',"
      + " after->'threshold'->>'count') from audit_log where action = 'rule.update'"));
    long deadline = System.currentTimeMillis() + 10_000;
    while (announced.size() < 5 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(List.of(id, id, id, id, id), announced, "every write is announced to every node's engine");
  }

  @Test
  void aRuleCreatedThroughTheApiFiresOnTheNextUpstreamFailureAndItsHitIsListed() throws Exception {
    String token = admin.loginAdmin();
    long account = Long.parseLong(TestStorage.query("select id from accounts where name = 'mock'").get(0));
    JsonObject definition = rule("boom-7").put("condition", new JsonObject().put("all", new JsonArray()
      .add(new JsonObject().put("type", "status").put("equals", 500))
      .add(new JsonObject().put("type", "jsonPath").put("jsonPath", "$.error.code").put("op", "equals")
        .put("value", "boom_7"))));
    GatewayHarness.Reply created = admin.post("/admin/rules", token, definition);
    assertEquals(201, created.status(), created.body().toString());
    long rule = created.json().getLong("id");
    gw.mock.respond(MockBehavior.ok().withStatus(500, BOOM));

    // the engine reloads on the announcement, asynchronously: failures before it are simply not counted
    JsonArray hits = new JsonArray();
    long deadline = System.currentTimeMillis() + 15_000;
    while (hits.isEmpty() && System.currentTimeMillis() < deadline) {
      GatewayHarness.Reply failed = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
      assertNotEquals(200, failed.status());
      Thread.sleep(100);
      hits = admin.get("/admin/rules/" + rule + "/hits", token).json().getJsonArray("items");
    }

    assertEquals(1, hits.size(), hits.encode());
    JsonObject hit = hits.getJsonObject(0);
    assertEquals(account, hit.getLong("accountId"));
    assertEquals(500, hit.getInteger("status"));
    assertEquals(1, hit.getJsonArray("actions").size());
    assertTrue(hit.getJsonArray("actions").getString(0).startsWith("disable:disabled"), hit.encode());
    assertTrue(hit.getString("evidence").contains("boom_7"), hit.getString("evidence"));
    JsonArray onAccount = admin.get("/admin/accounts/" + account + "/rule-hits", token).json().getJsonArray("items");
    assertEquals(hit.getLong("id"), onAccount.getJsonObject(0).getLong("id"));
    assertEquals("disabled", admin.get("/admin/accounts/" + account, token).json().getString("status"));
    assertEquals(404, admin.get("/admin/rules/999999/hits", token).status());
    assertEquals(404, admin.get("/admin/accounts/999999/rule-hits", token).status());
    assertEquals("limit", admin.get("/admin/rules/" + rule + "/hits?limit=0", token).json()
      .getJsonObject("error").getString("field"));
  }

  static JsonObject rule(String name) {
    return new JsonObject().put("name", name)
      .put("condition", new JsonObject().put("type", "bodyContains").put("text", "insufficient_quota"))
      .put("actions", new JsonArray().add(new JsonObject().put("type", "disable")))
      .put("reenableAfterSeconds", 600);
  }
}

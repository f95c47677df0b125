package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.Outcome;
import io.switchboard.api.ProviderKind;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dry-runs through the admin port: a saved rule or an unsaved definition replayed over recorded outcomes. */
class AdminRuleDryRunTest extends AdminTest {

  @Test
  void aDryRunCountsTheRecordedOutcomesTheRuleWouldHaveMatchedAndWhenItWouldHaveFired() throws Exception {
    String token = admin.loginAdmin();
    long account = Long.parseLong(TestStorage.query("select id from accounts where name = 'mock'").get(0));
    long t0 = System.currentTimeMillis() - 60_000;
    int[] statuses = {503, 200, 503, 503, 200};
    for (int i = 0; i < statuses.length; i++) {
      boolean failed = statuses[i] != 200;
      gw.vertx.eventBus().publish(Addresses.OUTCOME, new Outcome("dry-" + i, account, ProviderKind.OPENAI, "gpt-4o-mini",
        statuses[i], failed ? ErrorClass.SERVER_ERROR : null, 40, 20, Map.of(),
        failed ? "{\"error\":\"busy-" + i + "\"}" : null, t0 + i * 1000L));
    }
    TestStorage.awaitRows("select id from outcome_log where request_id like 'dry-%'", 5);
    JsonObject definition = new JsonObject().put("name", "busy").put("enabled", false)
      .put("condition", new JsonObject().put("type", "status").put("equals", 503))
      .put("threshold", new JsonObject().put("count", 2).put("windowSeconds", 60))
      .put("actions", new JsonArray().add(new JsonObject().put("type", "disable")));

    GatewayHarness.Reply unsaved = admin.post("/admin/rules/dry-run", token,
      new JsonObject().put("rule", definition).put("last", 100));
    assertEquals(200, unsaved.status(), unsaved.body().toString());
    JsonObject report = unsaved.json();
    assertEquals(5, report.getInteger("evaluated"));
    assertEquals(100, report.getInteger("last"));
    JsonArray accounts = report.getJsonArray("accounts");
    assertEquals(1, accounts.size(), report.encode());
    assertEquals(account, accounts.getJsonObject(0).getLong("accountId"));
    assertEquals(3, accounts.getJsonObject(0).getInteger("matches"));
    assertEquals(List.of(t0 + 2000), accounts.getJsonObject(0).getJsonArray("wouldFireAt").getList(),
      "the second match fires (threshold 2); the third starts a new window");

    long id = admin.post("/admin/rules", token, definition).json().getLong("id");
    JsonObject saved = admin.post("/admin/rules/dry-run", token, new JsonObject().put("ruleId", id).put("last", 2))
      .json();
    assertEquals(2, saved.getInteger("evaluated"), "only the last 2 outcomes: " + saved.encode());
    assertEquals(1, saved.getJsonArray("accounts").getJsonObject(0).getInteger("matches"));
    assertEquals(List.of("0"), TestStorage.query("select count(*) from rule_hits"), "a dry-run fires nothing");
  }

  @Test
  void aDryRunOfABadDefinitionNamesTheBadPartAndAnUnknownRuleIsNotFound() {
    String token = admin.loginAdmin();
    GatewayHarness.Reply bad = admin.post("/admin/rules/dry-run", token, new JsonObject().put("rule", new JsonObject()
      .put("condition", new JsonObject().put("type", "bodyMatches").put("regex", "[a-"))
      .put("actions", new JsonArray().add(new JsonObject().put("type", "log")))));
    assertEquals(400, bad.status(), bad.body().toString());
    JsonObject error = bad.json().getJsonObject("error");
    assertEquals("rule.condition.regex", error.getString("field"));
    assertTrue(error.getString("message").contains("rule.condition.regex"), error.getString("message"));

    assertEquals(404, admin.post("/admin/rules/dry-run", token, new JsonObject().put("ruleId", 999999)).status());
    assertEquals("rule", admin.post("/admin/rules/dry-run", token, new JsonObject()).json().getJsonObject("error")
      .getString("field"));
    assertEquals("last", admin.post("/admin/rules/dry-run", token, new JsonObject().put("ruleId", 1).put("last", 0))
      .json().getJsonObject("error").getString("field"));
  }
}

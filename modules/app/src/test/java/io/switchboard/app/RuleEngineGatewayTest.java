package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.Outcome;
import io.switchboard.api.ProviderKind;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules role in a whole gateway: a rule created as a row and announced takes effect without a restart, its
 * disable takes the account out of routing, and when the re-enable delay has passed the scheduler uses it again.
 */
class RuleEngineGatewayTest extends GatewayTest {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("rules", new JsonObject().put("reenableIntervalMs", 200));
  }

  @Test
  void aRuleTakesTheAccountOutOfRoutingAndItComesBackAfterItsDelay() throws Exception {
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    long account = Long.parseLong(TestStorage.query("select id from accounts where name = 'mock'").get(0));
    String rule = TestStorage.query("insert into rules (name, condition, actions, reenable_after_seconds) values "
      + "('quota', '{\"type\":\"bodyContains\",\"text\":\"insufficient_quota\"}', "
      + "'[{\"type\":\"disable\"}]', 2) returning id").get(0);
    // an outcome heard right after the announcement is matched against the rule it announced
    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.RULE, Long.parseLong(rule)));

    gw.vertx.eventBus().publish(Addresses.OUTCOME, new Outcome("req-1", account, ProviderKind.OPENAI, MODEL, 400,
      ErrorClass.CLIENT_ERROR, 80, 80, Map.of(), "{\"error\":{\"code\":\"insufficient_quota\"}}",
      System.currentTimeMillis()));

    GatewayHarness.Reply refused = untilStatusIsNot(200);
    if (refused.status() == 503) {
      // planned on the account before the scheduler's table dropped it, refused by its provider, which saw the
      // disable first ("the account is no longer active"): a moment's answer, then the model has no account
      refused = untilStatusIsNot(503);
    }
    assertEquals(404, refused.status(), "no active account serves the model while it is disabled");
    assertEquals(List.of("disabled"), TestStorage.query("select status from accounts where id = " + account));

    GatewayHarness.Reply back = untilStatusIsNot(404);
    assertEquals(200, back.status(), "re-enabled after its 2 s and routed to again");
    assertEquals(List.of("active"), TestStorage.query("select status from accounts where id = " + account));
    assertEquals(List.of("1"), TestStorage.query("select count(*) from rule_hits where rule_id = " + rule));
  }

  private GatewayHarness.Reply untilStatusIsNot(int status) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    GatewayHarness.Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    while (reply.status() == status && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    }
    return reply;
  }
}

package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-account quotas through the gateway: a spent quota disables the account (on its status history) until the
 * daily reset or a raise brings it back; tokens count as the usage rows say; {@code remaining_quota} weighs accounts
 * by what is left.
 */
class AccountQuotaTest extends AdminTest {

  @Override
  protected JsonObject adminOverrides() {
    // no sticky sessions: the same test message would keep every request on the first plan's account
    return new JsonObject().put("scheduler", new JsonObject().put("quotaRefreshMs", 100).put("stickyTtlMs", 0));
  }

  private long mockId() throws Exception {
    return Long.parseLong(TestStorage.query("select id from accounts where name = 'mock'").get(0));
  }

  private Reply chatOnce() {
    return gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
  }

  private Reply setQuota(String token, long id, JsonObject quota) {
    return admin.call(HttpMethod.PATCH, "/admin/accounts/" + id, token, new JsonObject().put("quota", quota));
  }

  /** Chat until the answer is {@code status} (the scheduler learns of changes within its refresh), at most 10 s. */
  private Reply until(int status) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    Reply reply = chatOnce();
    while (reply.status() != status && System.currentTimeMillis() < deadline) {
      Thread.sleep(25);
      reply = chatOnce();
    }
    return reply;
  }

  /**
   * The account's status and reason once it is stored as disabled (at most 10 s): the scheduler skips a spent account
   * at once, and stores it as disabled just after.
   */
  private static List<String> awaitDisabled(long id) throws Exception {
    return TestStorage.awaitRows("select status || '|' || status_reason from accounts where status = 'disabled'"
      + " and id = " + id, 1);
  }

  private static List<String> events(long id) throws Exception {
    return TestStorage.query("select concat_ws('|', from_status, to_status, reason) from account_status_events"
      + " where account_id = " + id + " order by id");
  }

  @Test
  void aSpentQuotaDisablesTheAccountUntilTheDailyResetOrARaise() throws Exception {
    String token = admin.loginAdmin();
    long id = mockId();
    Reply set = setQuota(token, id, new JsonObject().put("unit", "requests").put("period", "day").put("limit", 2));
    assertEquals(200, set.status(), set.body().toString());
    assertEquals(new JsonObject().put("unit", "requests").put("period", "day").put("limit", 2).put("used", 0)
      .put("remaining", 2), set.json().getJsonObject("quota"));

    assertEquals(200, chatOnce().status());
    assertEquals(200, chatOnce().status());
    TestStorage.awaitRows("select 1 from accounts where quota_used = 2 and id = " + id, 1);
    assertEquals(404, until(404).status(), "spent: no account serves the model any more");
    assertEquals(List.of("disabled|quota_exhausted"), awaitDisabled(id));

    Reply reset = admin.post("/admin/cron/jobs/account-quota-reset/run", token, null);
    assertEquals(200, reset.status(), reset.body().toString());
    assertTrue(reset.json().getString("detail").contains("accounts back: [" + id + "]"), reset.json().encode());
    assertEquals(200, until(200).status(), "the daily reset brings it back");
    assertEquals(200, chatOnce().status());
    assertEquals(404, until(404).status(), "spent again after two requests");
    assertEquals(List.of("disabled|quota_exhausted"), awaitDisabled(id));
    Reply raised = setQuota(token, id, new JsonObject().put("limit", 1000)); // above what requests in flight overshot
    assertEquals("active", raised.json().getString("status"), "raising the limit brings it back at once");
    assertEquals(200, until(200).status());
    assertEquals(List.of("active|disabled|quota_exhausted", "disabled|active|quota_reset",
      "active|disabled|quota_exhausted", "disabled|active|quota_raised"), events(id));
  }

  @Test
  void aTokenQuotaInTotalCountsTheTokensOfItsUsageRows() throws Exception {
    String token = admin.loginAdmin();
    long id = mockId();
    gw.mock.respond(MockBehavior.ok().withUsage(11, 3, 0)); // 14 tokens a request
    setQuota(token, id, new JsonObject().put("unit", "tokens").put("period", "total").put("limit", 30));

    assertEquals(200, chatOnce().status());
    assertEquals(200, chatOnce().status());
    TestStorage.awaitRows("select 1 from accounts where quota_used = 28 and id = " + id, 1);
    assertEquals(200, chatOnce().status(), "2 tokens are left: the account still serves");
    assertEquals(404, until(404).status());
    assertEquals(List.of("disabled|quota_exhausted"), awaitDisabled(id));
    // one snapshot: rows of requests in flight when it ran out may still be written between two queries
    String[] usedRowsStatus = TestStorage.query("select quota_used || '|' || (select sum(input_tokens"
      + " + output_tokens) from usage_log where account_id = " + id + ") || '|' || status from accounts where id = "
      + id).get(0).split("\\|");
    long used = Long.parseLong(usedRowsStatus[0]);
    assertTrue(used >= 42, "requests in flight when it ran out still count: " + used);
    assertEquals(List.of(used + "|disabled"), List.of(usedRowsStatus[1] + "|" + usedRowsStatus[2]),
      "exactly the tokens of its usage rows");

    admin.post("/admin/cron/jobs/account-quota-reset/run", token, null);
    assertEquals(List.of("disabled"), TestStorage.query("select status from accounts where id = " + id),
      "a total quota does not reset daily");
  }

  @Test
  void remainingQuotaWeighsAccountsByWhatIsLeft() throws Exception {
    String token = admin.loginAdmin();
    UpstreamFleet fleet = new UpstreamFleet(gw);
    try {
      fleet.add("nearly-spent", 0);
      fleet.add("fresh", 0);
      assertEquals(200, admin.call(HttpMethod.PATCH, "/admin/groups/default", token,
        new JsonObject().put("strategy", "remaining_quota")).status());
      setQuota(token, fleet.id("nearly-spent"), new JsonObject().put("unit", "requests").put("period", "total")
        .put("limit", 1000).put("used", 995));
      // the last change also lists a new model: once schedulers list it, they have every change before it
      assertEquals(200, admin.call(HttpMethod.PATCH, "/admin/accounts/" + fleet.id("fresh"), token, new JsonObject()
        .put("quota", new JsonObject().put("unit", "requests").put("period", "total").put("limit", 1000))
        .put("models", new io.vertx.core.json.JsonArray().add(UpstreamFleet.MODEL).add("quotas-loaded"))).status());
      for (int i = 0; i < 3; i++) {
        ModelsPolling.awaitModel(gw, "quotas-loaded");
      }

      for (int i = 0; i < 60; i++) {
        assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(UpstreamFleet.MODEL, false, null)).await()
          .status());
      }
      // 5 left against 1000: the nearly spent account leads about once in 200 plans
      assertTrue(fleet.mock("nearly-spent").received().size() <= 4, fleet.received().toString());
      assertEquals(60, fleet.mock("nearly-spent").received().size() + fleet.mock("fresh").received().size());
    } finally {
      fleet.close();
    }
  }
}

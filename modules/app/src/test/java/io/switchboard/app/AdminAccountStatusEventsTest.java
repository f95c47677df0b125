package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An account's status history through the admin port: what the gateway learned from the upstream, newest first. */
class AdminAccountStatusEventsTest extends AdminTest {

  @Test
  void anUpstreamRefusingTheCredentialShowsInTheAccountsStatusHistoryNewestFirst() throws Exception {
    String token = admin.loginAdmin();
    long account = Long.parseLong(TestStorage.query("select id from accounts where name = 'mock'").get(0));
    TestStorage.execute("insert into account_status_events (account_id, at, from_status, to_status, reason, until)"
      + " values (" + account + ", now() - interval '2 hours', 'active', 'overloaded', 'overloaded: HTTP 529',"
      + " now() - interval '118 minutes'), (" + account + ", now() - interval '1 hour', 'overloaded', 'active',"
      + " 'expired', null)");
    gw.mock.respond(MockBehavior.ok().withStatus(401, "{\"error\":{\"message\":\"Incorrect API key provided\","
      + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
    assertNotEquals(200, gw.post("/v1/chat/completions", GatewayHarness.CLIENT_KEY,
      GatewayHarness.chat(GatewayHarness.MODEL, false, null)).await().status());
    TestStorage.awaitRows("select id from account_status_events where to_status = 'invalid'", 1);

    GatewayHarness.Reply reply = admin.get("/admin/accounts/" + account + "/status-events", token);
    assertEquals(200, reply.status(), reply.body().toString());
    JsonArray items = reply.json().getJsonArray("items");
    assertEquals(List.of("active>invalid", "overloaded>active", "active>overloaded"), items.stream()
      .map(e -> ((JsonObject) e).getString("from") + ">" + ((JsonObject) e).getString("to")).toList());
    assertEquals("auth: HTTP 401", items.getJsonObject(0).getString("reason"));
    assertEquals(account, items.getJsonObject(0).getLong("accountId"));

    JsonArray two = admin.get("/admin/accounts/" + account + "/status-events?limit=2", token).json()
      .getJsonArray("items");
    assertEquals(List.of("invalid", "active"), two.stream().map(e -> ((JsonObject) e).getString("to")).toList());
    assertEquals(404, admin.get("/admin/accounts/999999/status-events", token).status());
    assertEquals("limit", admin.get("/admin/accounts/" + account + "/status-events?limit=x", token).json()
      .getJsonObject("error").getString("field"));
  }
}

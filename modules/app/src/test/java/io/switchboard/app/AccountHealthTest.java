package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.app.UpstreamFleet.MODEL;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.switchboard.api.AccountHealth;
import io.switchboard.api.Addresses;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Account status follows the upstream's error class: stored once (two schedulers see every outcome), published, and
 * ended by time or by a successful probe.
 */
class AccountHealthTest extends GatewayTest {
  private UpstreamFleet fleet;
  private final List<AccountHealth> events = new CopyOnWriteArrayList<>();

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("scheduler", new JsonObject().put("instances", 2).put("stickyTtlMs", 0)
      .put("health", new JsonObject().put("probeIntervalMs", 300).put("expiryCheckMs", 100)));
  }

  @BeforeEach
  void fleet() {
    gw.vertx.eventBus().<AccountHealth>consumer(Addresses.ACCOUNT_HEALTH, m -> events.add(m.body()))
      .completion().await();
    fleet = new UpstreamFleet(gw);
  }

  @AfterEach
  void closeFleet() {
    fleet.close();
  }

  @Test
  void aRefusedCredentialMakesTheAccountInvalidUntilAProbeSucceeds() throws Exception {
    MockUpstream refused = fleet.add("refused", 10);
    refused.respond(MockBehavior.ok().withStatus(401, "{\"error\":{\"message\":\"Incorrect API key provided\","
      + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
    fleet.add("fine", 0);

    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());

    String events = "select concat_ws('|', from_status, to_status, reason) from account_status_events "
      + "where account_id = " + fleet.id("refused") + " order by id";
    assertEquals(List.of("active|invalid|auth: HTTP 401"), awaitRows(events, 1));
    Thread.sleep(300);
    assertEquals(1, TestStorage.query(events).size(), "two schedulers saw the outcome; the change is stored once");
    assertEquals("invalid", fleet.status("refused"));

    refused.respond(MockBehavior.ok());
    assertEquals(List.of("active|invalid|auth: HTTP 401", "invalid|active|probe_ok"), awaitRows(events, 2));
    assertEquals("active", fleet.status("refused"));
    awaitEvents(2);
    assertEquals("invalid", this.events.get(0).status());
    assertEquals("active", this.events.get(1).status());
    assertEquals("invalid", this.events.get(1).previous());
  }

  @Test
  void anOverloadedAccountRestsForItsOwnTtlAndComesBackByItself() throws Exception {
    MockUpstream busy = fleet.add("busy", 10, 1, new JsonObject().put("health",
      new JsonObject().put("overloadedTtlMs", 700)));
    busy.respondNext(MockBehavior.ok().withStatus(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
      + "\"message\":\"Overloaded\"}}"));
    fleet.add("calm", 0);

    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    String events = "select concat_ws('|', from_status, to_status, reason) from account_status_events "
      + "where account_id = " + fleet.id("busy") + " order by id";
    assertEquals(List.of("active|overloaded|overloaded: HTTP 529", "overloaded|active|expired"),
      awaitRows(events, 2));
    assertEquals("active", fleet.status("busy"));

    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    assertEquals(2, busy.received().size(), "back in front after its rest");
  }

  private void awaitEvents(int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    while (events.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(events.size() < count, "events: " + events);
  }
}

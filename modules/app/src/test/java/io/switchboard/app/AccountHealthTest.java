package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.app.UpstreamFleet.MODEL;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.AccountHealth;
import io.switchboard.api.Addresses;
import io.switchboard.store.Databases;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Account health follows the upstream's error class: a refused credential is stored once (two schedulers see every
 * outcome), published and ended by a successful probe; an overloaded model rests in Redis and comes back by time.
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
  void geminisAnswerToAnInvalidKeyMakesTheAccountInvalidAndTheRequestMovesOn() throws Exception {
    String invalidKey = "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
      + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
      + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\","
      + "\"metadata\":{\"service\":\"generativelanguage.googleapis.com\"}}]}}";
    MockUpstream google = MockUpstream.start(gw.vertx).await();
    try {
      google.respond(MockBehavior.ok().withStatus(400, invalidKey));
      long id = Long.parseLong(TestStorage.query("insert into accounts (name, provider, base_url, models, priority) "
        + "values ('google', 'gemini', '" + google.rootUrl() + "', '{" + MODEL + "}', 10) returning id").get(0));
      MockUpstream fine = fleet.add("fine", 0); // announces the accounts and waits until every scheduler has them

      GatewayHarness.Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();

      assertEquals(200, reply.status(), "the account's fault, not the client's: " + reply.body());
      assertEquals(1, fine.received().size());
      assertFalse(google.received().isEmpty());
      assertEquals(List.of("active|invalid|auth: HTTP 400"), awaitRows("select concat_ws('|', from_status, to_status,"
        + " reason) from account_status_events where account_id = " + id, 1));
      assertEquals(List.of("invalid"), TestStorage.query("select status from accounts where id = " + id));
    } finally {
      google.close().await();
    }
  }

  @Test
  void anOverloadedModelRestsForItsAccountsOwnTtlAndComesBackByItself() throws Exception {
    MockUpstream busy = fleet.add("busy", 10, 1, new JsonObject().put("health",
      new JsonObject().put("overloadedTtlMs", 3000)));
    busy.respondNext(MockBehavior.ok().withStatus(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
      + "\"message\":\"Overloaded\"}}"));
    MockUpstream calm = fleet.add("calm", 0);

    long before = System.currentTimeMillis();
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    Redis redis = Databases.redis(gw.vertx, TestStorage.redisUrl());
    String key = "sb:cooldown:" + fleet.id("busy");
    String cooldown = Await.value(() -> String.valueOf(redis.send(Request.cmd(Command.HGET).arg(key).arg(MODEL))
      .await()), stored -> !"null".equals(stored), "the cooldown the scheduler stores beside the answer");
    redis.close();
    assertTrue(cooldown.startsWith("overloaded:"), cooldown);
    long until = Long.parseLong(cooldown.substring("overloaded:".length()));
    assertTrue(until - before >= 3000 && until - before < 3000 + 5000, "the account's own TTL: " + (until - before));
    assertEquals("active", fleet.status("busy"));
    assertEquals(List.of(), TestStorage.query("select id from account_status_events"), "no account-wide change");

    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    assertEquals(2, calm.received().size(), "resting");
    while (System.currentTimeMillis() <= until) {
      Thread.sleep(until - System.currentTimeMillis() + 1); // to the end of the rest the cooldown names, no further
    }
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

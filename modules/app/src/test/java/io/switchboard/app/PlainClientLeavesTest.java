package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.Socket;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that leaves after its request's body was read and before an upstream call goes out (a plain request
 * waiting for its plan; a plain or streamed one during the back-off before a retry, which its leaving ends): no
 * upstream is asked for an answer nobody would read, and nothing is charged; a row left during a back-off keeps why
 * the attempt before it failed. One that leaves once its plain call is out: the answer is charged, as client_closed.
 */
class PlainClientLeavesTest extends GatewayTest {

  @Override
  protected JsonObject overrides() {
    // a concurrency limit: the key's admission is then written to Redis, where the test sees the request get past it
    return new JsonObject().put("bootstrap", new JsonObject().put("keys", new JsonArray().add(new JsonObject()
      .put("name", "client").put("key", CLIENT_KEY).put("models", new JsonArray().add("*")).put("maxConcurrency", 4))))
      // a back-off far longer than the test waits for its row: only the client leaving can end it in time
      .put("ingress", new JsonObject().put("retry", new JsonObject().put("initialDelayMs", 60_000)
        .put("maxDelayMs", 60_000).put("deadlineMs", 300_000)));
  }

  /** Streamed or not: the back-off ends when the client leaves, and no upstream is asked again. */
  @ParameterizedTest(name = "stream={0}")
  @ValueSource(booleans = {false, true})
  void aClientGoneDuringABackOffEndsItAndIsRecordedWithTheFailureBeforeIt(boolean stream) throws Exception {
    gw.mock.respond(MockBehavior.ok().withStatus(500));
    String retries = "sb_upstream_retries_total";
    double before = LeavingClients.scrape(gw).sum(retries);
    try (Socket client = new Socket("127.0.0.1", gw.port)) {
      client.getOutputStream().write(LeavingClients.request("POST", "/v1/chat/completions", CLIENT_KEY,
        "application/json", Buffer.buffer(chat(MODEL, stream, null))).getBytes());
      Scrape.await(() -> LeavingClients.scrape(gw), now -> now.sum(retries) > before); // the 500 came: a back-off
      assertEquals(1, gw.mock.received().size());
      client.shutdownOutput(); // the client leaves during the back-off
      client.setSoTimeout(10_000);
      assertEquals(-1, client.getInputStream().read(), "closed by the gateway, with nothing answered");
    }

    // within awaitRows' 10 s, not after the minute's back-off
    assertEquals(List.of("499|client_closed|server_error|0|0"), awaitRows("select concat_ws('|', status, outcome,"
      + " error_class, input_tokens, output_tokens) from usage_log", 1));
    assertEquals(1, gw.mock.received().size(), "the retry never went out");
  }

  /**
   * The upstream answers a plain request whose client left meanwhile: recorded with the upstream's status (the account
   * served it) and its tokens charged, as {@code client_closed} (nobody got it).
   */
  @Test
  void aClientGoneWhileItsUpstreamWorksIsRecordedAsClientClosedWithTheAnswersTokens() throws Exception {
    gw.mock.respond(MockBehavior.ok().withHeadersDelayMs(1500));
    try (Socket client = new Socket("127.0.0.1", gw.port)) {
      client.getOutputStream().write(LeavingClients.request("POST", "/v1/chat/completions", CLIENT_KEY,
        "application/json", Buffer.buffer(chat(MODEL, false, null))).getBytes());
      Await.until(() -> gw.mock.received().size() == 1, "the upstream is asked");
      client.shutdownOutput(); // the client leaves while the upstream works on its answer
      client.setSoTimeout(10_000);
      assertEquals(-1, client.getInputStream().read(), "closed by the gateway, with nothing answered");
    }

    assertEquals(List.of("200|client_closed|11|3"), awaitRows("select concat_ws('|', status, outcome, input_tokens,"
      + " output_tokens) from usage_log", 1), "the upstream's usage, and that the client did not get its answer");
  }

  @Test
  void aClientGoneBeforeItsCallAsksNoUpstreamAndIsRecordedAsClientClosed() throws Exception {
    String beforeCommit;
    Scrape before = LeavingClients.scrape(gw);
    Redis redis = Redis.createClient(gw.vertx, TestStorage.redisUrl());
    CapturedLogs logs = CapturedLogs.attach(); // a reload that fails lets plans go on: its warning is in the message
    try (Connection held = TestStorage.connect(); Statement lock = held.createStatement()) {
      // the scheduler reloads its accounts and cannot read them: plans wait for that reload
      held.setAutoCommit(false);
      lock.execute("lock table accounts in access exclusive mode");
      gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
      // the scheduler's own reload (its accounts query), not any query that happens to wait on a lock: only then is
      // the plan sure to wait
      Await.until(() -> !TestStorage.query("select 1 from pg_stat_activity where wait_event_type = 'Lock'"
        + " and query like '%status not in (''disabled'', ''banned'') order by id%'").isEmpty(), "the reload waits");

      try (Socket client = new Socket("127.0.0.1", gw.port)) {
        client.getOutputStream().write(LeavingClients.request("POST", "/v1/chat/completions", CLIENT_KEY,
          "application/json", Buffer.buffer(chat(MODEL, false, null))).getBytes());
        Await.until(() -> redis.send(Request.cmd(Command.KEYS).arg("sb:rl:*")).await().size() > 0,
          "the request is admitted: its body was read, its plan asked for");
        client.shutdownOutput(); // the client leaves; the gateway closes the connection once it sees that
        client.setSoTimeout(10_000);
        assertEquals(-1, client.getInputStream().read(), "closed by the gateway, with nothing answered");
      }
      // for a failure's message: what waited on the lock, and what had been recorded, just before it is let go
      beforeCommit = "waiting: "
        + TestStorage.query("select left(query, 60) from pg_stat_activity where wait_event_type = 'Lock'")
        + "; rows: " + TestStorage.query("select concat_ws('|', status, outcome) from usage_log")
        + "; upstream calls: " + gw.mock.received().size()
        + "; failed reloads: "
        + logs.lines().stream().filter(line -> line.contains("could not be read again")).toList();
      held.commit(); // the plan comes back, with the client gone
    } finally {
      redis.close();
      logs.detach();
    }

    assertEquals(List.of("499|client_closed|0|0"), awaitRows("select concat_ws('|', status, outcome, input_tokens,"
      + " output_tokens) from usage_log", 1), "before the lock was let go, " + beforeCommit);
    Scrape after = LeavingClients.awaitCounted(gw, before, 1);
    assertEquals(1, LeavingClients.moved(before, after, "outcome", "client_closed"));
    assertEquals(0, gw.mock.received().size(), "no upstream was asked");
  }
}

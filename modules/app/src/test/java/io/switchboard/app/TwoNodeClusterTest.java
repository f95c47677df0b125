package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes in one JVM, each with an ingress: A runs no adapter (so every request it takes is served by
 * B's), B runs no usage recorder, admin, rules or cron. Every announcement reaches both: a key disabled through A's
 * admin API is refused by B at once, an account disabled on A is skipped by B's scheduler, a circuit opened by B's
 * adapter is skipped by requests entering A. A stream entering A and served by B keeps its guarantees across the
 * wire: frames in order, credit in bytes (a slow client on A pauses the upstream read on B), cancel when the client
 * leaves, usage recorded once.
 */
class TwoNodeClusterTest {
  static final String DOOMED_KEY = "sb-test-doomed-key-00001";
  private static final int WINDOW = 32 * 1024;
  private static ClusterHarness cluster;
  private static GatewayHarness a;
  private static GatewayHarness b;

  @BeforeAll
  static void startCluster() throws Exception {
    TestStorage.clean();
    JsonObject common = new JsonObject()
      .put("ingress", new JsonObject().put("streamWindowBytes", WINDOW))
      .put("providers", new JsonObject().put("defaults", new JsonObject()
        .put("circuit", new JsonObject().put("consecutiveFailures", 1).put("openMs", 600_000))))
      // no sticky sessions: the same test message would keep to one account
      .put("scheduler", new JsonObject().put("stickyTtlMs", 0)
        .put("health", new JsonObject().put("probeIntervalMs", 600_000)))
      .put("cron", new JsonObject().put("jobs", new JsonObject()
        .put("health-probes", new JsonObject().put("schedule", "0 0 * * *").put("enabled", false))))
      .put("bootstrap", new JsonObject().put("keys", new JsonArray()
        .add(new JsonObject().put("name", "client").put("key", CLIENT_KEY).put("models", new JsonArray().add("*")))
        .add(new JsonObject().put("name", "doomed").put("key", DOOMED_KEY).put("models", new JsonArray().add("*")))));
    cluster = ClusterHarness.start(common,
      new JsonObject().put("roles", new JsonArray(List.of("ingress", "auth", "scheduler", "usage", "rules", "cron",
        "admin"))),
      new JsonObject().put("roles", new JsonArray(List.of("ingress", "auth", "scheduler", "providers"))));
    a = cluster.node(0).http();
    b = cluster.node(1).http();
  }

  @AfterAll
  static void stopCluster() {
    cluster.stop();
  }

  @Test
  void aNodeWithoutAdaptersServesItsClientsThroughAnotherNodes() throws Exception {
    List<String> requestIds = new ArrayList<>();
    for (GatewayHarness node : List.of(a, b)) {
      for (boolean stream : List.of(false, true)) {
        Reply reply = node.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, stream, null)).await();
        assertEquals(200, reply.status(), reply.body().toString());
        assertTrue(reply.body().toString().contains(MockUpstream.token(2).trim()), reply.body().toString());
        requestIds.add(reply.headers().get("x-request-id"));
      }
    }
    for (String id : requestIds) {
      assertEquals(List.of("1|200"), TestStorage.awaitRows("select concat_ws('|', count(*), min(status)) from usage_log"
        + " where request_id = '" + id + "' having count(*) > 0", 1), "recorded once: " + id);
    }
  }

  @Test
  void aKeyDisabledThroughOneNodesAdminIsRefusedOnTheOtherAtOnce() throws Exception {
    for (int i = 0; i < 4; i++) { // both nodes' key caches (and both auth roles) know the key as enabled
      assertEquals(200, b.post("/v1/chat/completions", DOOMED_KEY, chat(MODEL, false, null)).await().status());
      assertEquals(200, a.post("/v1/chat/completions", DOOMED_KEY, chat(MODEL, false, null)).await().status());
    }
    AdminClient admin = cluster.node(0).admin();
    String token = admin.loginAdmin();
    long id = keyId(admin, token, "doomed");

    assertEquals(200, admin.post("/admin/keys/" + id + "/disable", token, null).status());

    Reply onB = b.post("/v1/chat/completions", DOOMED_KEY, chat(MODEL, false, null)).await();
    assertEquals(403, onB.status(), onB.body().toString());
    assertEquals(403, b.post("/v1/chat/completions", DOOMED_KEY, chat(MODEL, true, null)).await().status());
    assertEquals(403, a.post("/v1/chat/completions", DOOMED_KEY, chat(MODEL, false, null)).await().status());
    assertEquals(200, b.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
  }

  @Test
  void anAccountDisabledOnOneNodeIsSkippedByTheOthersSchedulerAtOnce() throws Exception {
    MockUpstream keep = MockUpstream.start(cluster.vertx).await();
    MockUpstream drop = MockUpstream.start(cluster.vertx).await();
    try {
      account("keep-" + keep.port(), keep, "spread-model", 0);
      long dropId = account("drop-" + drop.port(), drop, "spread-model", 0);
      announceAccounts();
      awaitServed(b, "spread-model", drop); // both schedulers route to both accounts
      awaitServed(b, "spread-model", keep);
      AdminClient admin = cluster.node(0).admin();
      String token = admin.loginAdmin();

      Reply disabled = admin.call(HttpMethod.PATCH, "/admin/accounts/" + dropId, token,
        new JsonObject().put("status", "disabled").put("statusReason", "maintenance"));
      assertEquals(200, disabled.status(), disabled.body().toString());

      int before = drop.received().size();
      for (int i = 0; i < 10; i++) {
        assertEquals(200, b.post("/v1/chat/completions", CLIENT_KEY, chat("spread-model", i % 2 == 0, null)).await()
          .status());
      }
      assertEquals(before, drop.received().size(), "B's schedulers skip the account disabled on A");
    } finally {
      keep.close().await();
      drop.close().await();
    }
  }

  @Test
  void aCircuitOpenedByOneNodesAdapterIsSkippedByRequestsEnteringTheOther() throws Exception {
    MockUpstream failing = MockUpstream.start(cluster.vertx).await();
    MockUpstream healthy = MockUpstream.start(cluster.vertx).await();
    try {
      account("failing-" + failing.port(), failing, "breaker-model", 1); // tried first
      account("healthy-" + healthy.port(), healthy, "breaker-model", 0);
      announceAccounts();
      awaitServed(a, "breaker-model", failing);
      failing.respond(MockBehavior.ok().withStatus(500));

      // B's adapter (the only one) fails on the account once: its circuit opens, the request fails over
      assertEquals(200, b.post("/v1/chat/completions", CLIENT_KEY, chat("breaker-model", false, null)).await()
        .status());
      int tried = failing.received().size();
      for (int i = 0; i < 6; i++) {
        assertEquals(200, a.post("/v1/chat/completions", CLIENT_KEY, chat("breaker-model", i % 2 == 0, null)).await()
          .status());
      }
      assertEquals(tried, failing.received().size(), "requests entering A skip the account whose circuit B opened");
    } finally {
      failing.close().await();
      healthy.close().await();
    }
  }

  @Test
  void aSlowClientOnOneNodePausesTheUpstreamReadOnTheOther() throws Exception {
    int chunks = 20_000;
    cluster.mock.respond(MockBehavior.ok().withChunks(chunks).withRecordBody(false));
    double stallsBefore = SlowReader.metric(a, "sb_stream_credit_stalls_total");
    SlowReader.Result read;
    try {
      read = SlowReader.read(a, chat(MODEL, true, null));
    } finally {
      cluster.mock.respond(MockBehavior.ok());
    }
    assertEquals(200, read.status());
    byte[] expected = SlowReader.expectedBody(MODEL, chunks);
    assertEquals(expected.length, read.bytes(), "every byte arrived");
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(expected), read.sha256(), "intact, in order");
    assertTrue(read.mostHeld() <= WINDOW + 16 * 1024, "held " + read.mostHeld() + " bytes; the window is " + WINDOW);
    assertTrue(SlowReader.metric(a, "sb_stream_credit_stalls_total") > stallsBefore,
      "B's adapter paused the upstream for credit");
  }

  @Test
  void aClientLeavingOneNodeCancelsTheUpstreamOnTheOtherAndIsRecordedOnce() throws Exception {
    cluster.mock.reset();
    cluster.mock.respond(MockBehavior.ok().withChunks(500).withChunkDelayMs(20));
    Promise<String> firstData = Promise.promise();
    try {
      a.vertx.getOrCreateContext().runOnContext(onContext -> a.client.request(new RequestOptions()
          .setMethod(HttpMethod.POST).setURI("/v1/chat/completions").putHeader("authorization", "Bearer " + CLIENT_KEY))
        .compose(req -> req.send(chat(MODEL, true, null)).map(resp -> {
          resp.handler(data -> {
            if (firstData.tryComplete(resp.getHeader("x-request-id"))) {
              req.connection().close(); // the client goes away after the first bytes
            }
          });
          return resp;
        })));
      String requestId = firstData.future().await();

      long deadline = System.currentTimeMillis() + 5000;
      while (cluster.mock.closedEarly() == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1, cluster.mock.closedEarly(), "B reset the upstream request");
      assertEquals(List.of("1|200|client_closed"), TestStorage.awaitRows("select concat_ws('|', count(*), min(status),"
        + " min(outcome)) from usage_log where request_id = '" + requestId + "' having count(*) > 0", 1));
    } finally {
      cluster.mock.respond(MockBehavior.ok());
    }
  }

  private static long account(String name, MockUpstream mock, String model, int priority) throws Exception {
    return Long.parseLong(TestStorage.query("insert into accounts (name, provider, base_url, models, priority) values"
      + " ('" + name + "', 'openai', '" + mock.baseUrl() + "', '{" + model + "}', " + priority + ") returning id")
      .get(0));
  }

  /** Published on one node, the change reaches every node's schedulers. */
  private static void announceAccounts() {
    b.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
  }

  /** Sends requests through {@code node} until {@code mock} has served one (the schedulers reload in the background). */
  private static void awaitServed(GatewayHarness node, String model, MockUpstream mock) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (mock.received().isEmpty()) {
      node.post("/v1/chat/completions", CLIENT_KEY, chat(model, false, null)).await();
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(model + " never reached the mock on port " + mock.port());
      }
      Thread.sleep(20);
    }
  }

  private static long keyId(AdminClient admin, String token, String name) {
    JsonArray keys = new JsonArray(admin.get("/admin/keys", token).body());
    for (int i = 0; i < keys.size(); i++) {
      if (name.equals(keys.getJsonObject(i).getString("name"))) {
        return keys.getJsonObject(i).getLong("id");
      }
    }
    throw new AssertionError("no key named " + name + " in " + keys);
  }
}

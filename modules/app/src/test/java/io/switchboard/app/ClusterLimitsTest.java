package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaKeys;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes with every role, both taking traffic at once: requests and tokens per minute, concurrency, the
 * daily quota and its fallback switch, sticky sessions and cron ticks hold for the cluster as a whole, not per node.
 */
class ClusterLimitsTest {
  static final String BURST_KEY = "sb-test-cluster-burst-0001";
  static final String TPM_KEY = "sb-test-cluster-tpm-00001";
  static final String CONC_KEY = "sb-test-cluster-conc-0001";
  static final String QUOTA_KEY = "sb-test-cluster-quota-001";
  private static final long ESTIMATE = chat(MODEL, false, null).length() / 4;
  private static ClusterHarness cluster;
  private static GatewayHarness a;
  private static GatewayHarness b;

  @BeforeAll
  static void startCluster() throws Exception {
    TestStorage.clean();
    JsonObject common = new JsonObject()
      .put("cron", new JsonObject().put("jobs", new JsonObject()
        .put("reenable-accounts", new JsonObject().put("schedule", "* * * * * *").put("enabled", true))
        .put("health-probes", new JsonObject().put("schedule", "0 0 * * *").put("enabled", false))))
      .put("bootstrap", new JsonObject().put("keys", new JsonArray()
        .add(key("client", CLIENT_KEY))
        .add(key("burst", BURST_KEY).put("rpm", 10))
        .add(key("tpm", TPM_KEY).put("tpm", 10 * ESTIMATE))
        .add(key("conc", CONC_KEY).put("maxConcurrency", 2))
        .add(key("quota", QUOTA_KEY))));
    cluster = ClusterHarness.start(common, new JsonObject(), new JsonObject());
    a = cluster.node(0).http();
    b = cluster.node(1).http();
  }

  @AfterAll
  static void stopCluster() {
    cluster.stop();
  }

  @AfterEach
  void plainUpstream() {
    cluster.mock.respond(MockBehavior.ok());
  }

  @Test
  void requestsPerMinuteAreCountedForTheCluster() {
    List<Reply> replies = burst(BURST_KEY, 40);
    assertEquals(10, count(replies, 200), "admitted across both nodes");
    assertEquals(30, count(replies, 429));
  }

  @Test
  void tokensPerMinuteAreCountedForTheCluster() {
    cluster.mock.respond(MockBehavior.ok().withUsage(ESTIMATE - 1, 1, 0)); // real usage = the estimate: no correction
    List<Reply> replies = burst(TPM_KEY, 30);
    assertEquals(10, count(replies, 200), "10 estimates of " + ESTIMATE + " fit in " + 10 * ESTIMATE + " tokens");
    assertEquals(20, count(replies, 429));
  }

  @Test
  void concurrentRequestsAreCountedForTheCluster() throws Exception {
    cluster.mock.respond(MockBehavior.ok().withChunks(40).withChunkDelayMs(50)); // two seconds each
    int received = cluster.mock.received().size();
    Future<Reply> onA = a.post("/v1/chat/completions", CONC_KEY, chat(MODEL, true, null));
    Future<Reply> onB = b.post("/v1/chat/completions", CONC_KEY, chat(MODEL, true, null));
    cluster.mock.awaitReceived(received + 2); // both streams are under way

    assertEquals(429, a.post("/v1/chat/completions", CONC_KEY, chat(MODEL, false, null)).await().status());
    assertEquals(429, b.post("/v1/chat/completions", CONC_KEY, chat(MODEL, false, null)).await().status());
    assertEquals(200, onA.await().status());
    assertEquals(200, onB.await().status());
    cluster.mock.respond(MockBehavior.ok());
    assertEquals(200, retryWhile429(b, CONC_KEY).status(), "the finished streams gave their slots back");
  }

  @Test
  void theDailyQuotaAndItsFallbackSwitchHoldAcrossNodes() throws Exception {
    TestStorage.query("insert into user_groups (name) values ('cheap') on conflict do nothing returning name");
    long user = Long.parseLong(TestStorage.query("insert into users (username, password_hash, daily_quota_micros,"
      + " fallback_group) values ('quota-user', 'x', 250000, 'cheap') returning id").get(0));
    TestStorage.query("update api_keys set user_id = " + user + " where name = 'quota' returning id");
    TestStorage.query("update accounts set groups = '{default,cheap}' where name = 'mock' returning id");
    a.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.API_KEY, null));
    a.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
    cluster.mock.respond(MockBehavior.ok().withUsage(1_000_000, 0, 0)); // 150000 micros a request at gpt-4o-mini's price
    String spend = QuotaKeys.daySpend(user, QuotaDay.of("UTC", "usage.quotaTimeZone").todayName());

    List<String> groups = new ArrayList<>();
    GatewayHarness[] order = {a, b, a, b};
    for (int i = 0; i < order.length; i++) {
      long spentBefore = redisLong(spend);
      Reply reply = order[i].post("/v1/chat/completions", QUOTA_KEY, chat(MODEL, false, null)).await();
      assertEquals(200, reply.status(), reply.body().toString());
      String id = reply.headers().get("x-request-id");
      groups.add(TestStorage.awaitRows("select concat_ws('|', group_name, on_fallback) from usage_log where request_id"
        + " = '" + id + "'", 1).get(0));
      awaitRedisAbove(spend, spentBefore); // the spend is counted once the request is recorded
    }
    assertEquals(List.of("default|f", "default|f", "cheap|t", "cheap|t"), groups,
      "the spend one node recorded moves the other to the fallback group");
    assertEquals(List.of("t"), TestStorage.query("select 't' from users where id = " + user
      + " and fallback_since is not null"));
  }

  @Test
  void aConversationKeepsItsAccountWhicheverNodeItEnters() throws Exception {
    MockUpstream left = MockUpstream.start(cluster.vertx).await();
    MockUpstream right = MockUpstream.start(cluster.vertx).await();
    try {
      for (MockUpstream mock : List.of(left, right)) {
        TestStorage.query("insert into accounts (name, provider, base_url, models) values ('sticky-" + mock.port()
          + "', 'openai', '" + mock.baseUrl() + "', '{sticky-model,sticky-" + mock.port() + "}') returning id");
      }
      a.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
      for (MockUpstream mock : List.of(left, right)) {
        for (GatewayHarness node : List.of(a, b, a, b)) { // each node's schedulers take turns answering
          ModelsPolling.awaitModel(node, "sticky-" + mock.port());
        }
      }
      for (int i = 0; i < 10; i++) {
        GatewayHarness node = i % 2 == 0 ? a : b;
        Reply reply = node.exchange(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
          .putHeader("authorization", "Bearer " + CLIENT_KEY).putHeader("content-type", "application/json")
          .putHeader("x-session-id", "cluster-conversation"), Buffer.buffer(chat("sticky-model", false, null))).await();
        assertEquals(200, reply.status(), reply.body().toString());
      }
      assertEquals(10, Math.max(left.received().size(), right.received().size()),
        "every turn on one account: " + left.received().size() + " / " + right.received().size());
    } finally {
      left.close().await();
      right.close().await();
    }
  }

  @Test
  void eachCronTickRunsOnceForTheCluster() throws Exception {
    List<String> ticks = TestStorage.awaitRows("select tick from cron_runs where job = 'reenable-accounts'"
      + " and trigger = 'schedule' and outcome = 'ok'", 4);
    assertTrue(ticks.size() >= 4, "both nodes run cron every second: " + ticks);
    assertEquals(TestStorage.query("select count(*) from cron_runs where job = 'reenable-accounts'"),
      TestStorage.query("select count(distinct tick) from cron_runs where job = 'reenable-accounts'"),
      "no tick ran twice");
    assertEquals(List.of("0"), TestStorage.query("select count(*) from cron_runs where outcome <> 'ok'"
      + " and job = 'reenable-accounts' and started_at < now() - interval '2 seconds'"));
  }

  /** {@code n} requests at once, alternating between the nodes. */
  private static List<Reply> burst(String key, int n) {
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replies.add((i % 2 == 0 ? a : b).post("/v1/chat/completions", key, chat(MODEL, false, null)));
    }
    Future.join(replies).await();
    return replies.stream().map(Future::result).toList();
  }

  private static long count(List<Reply> replies, int status) {
    return replies.stream().filter(r -> r.status() == status).count();
  }

  /** Releases travel after the answer: ask again, bounded. */
  private static Reply retryWhile429(GatewayHarness node, String key) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    Reply reply = node.post("/v1/chat/completions", key, chat(MODEL, false, null)).await();
    while (reply.status() == 429 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      reply = node.post("/v1/chat/completions", key, chat(MODEL, false, null)).await();
    }
    return reply;
  }

  private static JsonObject key(String name, String key) {
    return new JsonObject().put("name", name).put("key", key).put("models", new JsonArray().add("*"));
  }

  /** Polls the shared Redis until the counter has moved past {@code value} (5 s at most). */
  private static void awaitRedisAbove(String counter, long value) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    while (redisLong(counter) <= value) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(counter + " stayed at " + value);
      }
      Thread.sleep(10);
    }
  }

  private static long redisLong(String key) throws IOException {
    String url = TestStorage.redisUrl();
    try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)))) {
      OutputStream out = socket.getOutputStream();
      out.write(("*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String header = line(in);
      if (header.equals("$-1")) {
        return 0;
      }
      return Long.parseLong(line(in));
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
      text.append((char) c);
    }
    in.read(); // the \n
    return text.toString();
  }
}

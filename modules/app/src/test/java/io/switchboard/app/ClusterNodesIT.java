package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.store.PostgresTarget;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.ReceivedRequest;
import io.switchboard.testkit.TempDirs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Three nodes, each a JVM of its own running the built jar on loopback: A (ingress, auth, scheduler, usage, rules,
 * cron, admin, and the embedded PostgreSQL and Redis on fixed ports) and two adapter nodes B and C ([providers],
 * sharing A's storage, opening no HTTP port). A serves its clients through B and C; a credential changed through
 * A's admin API reaches both adapters; when B is killed mid-load, the calls B held before their heads fail over to C
 * (none fails), the streams B was relaying end with an in-band error within the control timeout, and every request
 * is recorded once.
 */
class ClusterNodesIT {
  private static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  private static final long CONTROL_TIMEOUT_MS = 5000;

  @Test
  void placementPropagationAndNodeLoss() throws Exception {
    Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the jar is built before the integration tests: " + jar);
    Path runs = jar.getParent().resolve("cluster-it"); // logs and node files stay in target/ when the test fails
    Files.createDirectories(runs);
    Path dir = Files.createTempDirectory(runs, "run");
    boolean passed = false;
    Vertx vertx = Vertx.vertx();
    MockUpstream mock = MockUpstream.start(vertx).await();
    int postgresPort = GatewayHarness.freePort();
    int redisPort = GatewayHarness.freePort();
    String postgresUrl = "postgresql://postgres:postgres@127.0.0.1:" + postgresPort + "/postgres";
    int[] hazelcast = {GatewayHarness.freePort(), GatewayHarness.freePort(), GatewayHarness.freePort()};
    JsonArray members = new JsonArray();
    for (int port : hazelcast) {
      members.add("127.0.0.1:" + port);
    }
    String clusterName = "sb-it-" + UUID.randomUUID();
    Map<String, String> env = Map.of("SB_MASTER_KEY", MASTER_KEY, "SB_ADMIN_PASSWORD", AdminClient.ADMIN_PASSWORD);
    int httpA = GatewayHarness.freePort();
    int adminA = GatewayHarness.freePort();
    JsonObject a = node(clusterName, hazelcast[0], members, httpA, adminA)
      .put("roles", new JsonArray(List.of("ingress", "auth", "scheduler", "usage", "rules", "cron", "admin")))
      .put("storage", new JsonObject().put("dataDir", dir.resolve("a").toString())
        .put("embedded", new JsonObject().put("postgresPort", postgresPort).put("redisPort", redisPort)))
      .put("ingress", new JsonObject().put("controlTimeoutMs", CONTROL_TIMEOUT_MS)
        .put("retry", new JsonObject().put("initialDelayMs", 100)))
      .put("bootstrap", new JsonObject()
        .put("accounts", new JsonArray().add(new JsonObject().put("name", "mock").put("provider", "openai")
          .put("baseUrl", mock.baseUrl()).put("apiKey", GatewayHarness.UPSTREAM_KEY)
          .put("models", new JsonArray().add(MODEL))))
        .put("keys", new JsonArray().add(new JsonObject().put("name", "client").put("key", CLIENT_KEY)
          .put("models", new JsonArray().add("*")))));
    List<NodeProcess> nodes = new ArrayList<>();
    GatewayHarness client = null;
    try {
      Path fileCaches = Files.createDirectories(dir.resolve("vertx-cache"));
      NodeProcess nodeA = NodeProcess.start("a", jar, dir, a, env,
        Map.of("vertx.cacheDirBase", fileCaches.resolve("a").toString()));
      nodes.add(nodeA);
      nodeA.awaitRunning(120_000);
      // every start warned that a gauge of Vert.x' was registered again (the message is looked for, not the level:
      // the check holds in either log format; warnings a loaded machine may bring at start, a blocked event loop or
      // Hazelcast's about B and C not being up yet, are not this test's)
      assertEquals(List.of(), nodeA.output().lines().filter(line -> line.contains("has been already registered"))
        .toList(), "node A's start");
      // starting copies nothing out of the jar (Vert.x' file resolver copied all of io/, 32 MB, to read one file), and
      // serving the console copies out only the console's own files
      // (the node's caches: its Vert.x', and the one Main reads the configuration with, if still there)
      try (Stream<Path> caches = Files.list(fileCaches)) {
        assertTrue(caches.anyMatch(cache -> cache.getFileName().toString().startsWith("a-")),
          "node A's file cache is where it was told to be");
      }
      assertEquals(List.of(), filesUnder(fileCaches), "files Vert.x copied out of the jar at start");
      AdminClient console = new AdminClient(vertx, adminA);
      for (String file : List.of("/", "/js/main.js", "/vendor/uplot/uPlot.esm.js", "/vendor/uplot/uPlot.min.css")) {
        assertEquals(200, console.get(file, null).status(), file);
      }
      List<Path> copied = filesUnder(fileCaches).stream().map(file -> fileCaches.relativize(file)).toList();
      assertTrue(copied.stream().anyMatch(file -> file.endsWith(Path.of("switchboard-console", "index.html"))),
        "the console is served from the jar: " + copied);
      assertEquals(List.of(), copied.stream().filter(file -> !file.getName(1).toString().equals("switchboard-console"))
        .toList(), "files Vert.x copied out of the jar besides the console's");
      int[] closedPorts = new int[4];
      for (int i = 1; i <= 2; i++) {
        closedPorts[2 * i - 2] = GatewayHarness.freePort();
        closedPorts[2 * i - 1] = GatewayHarness.freePort();
        JsonObject adapters = node(clusterName, hazelcast[i], members, closedPorts[2 * i - 2], closedPorts[2 * i - 1])
          .put("roles", new JsonArray().add("providers"))
          .put("providers", new JsonObject().put("kinds", new JsonArray().add("openai")))
          .put("storage", new JsonObject().put("dataDir", dir.resolve(i == 1 ? "b" : "c").toString())
            .put("postgres", new JsonObject().put("url", postgresUrl))
            .put("redis", new JsonObject().put("url", "redis://127.0.0.1:" + redisPort)));
        nodes.add(NodeProcess.start(i == 1 ? "b" : "c", jar, dir, adapters, env, Map.of()));
      }
      NodeProcess nodeB = nodes.get(1);
      NodeProcess nodeC = nodes.get(2);
      nodeB.awaitRunning(120_000);
      nodeC.awaitRunning(120_000);
      client = new GatewayHarness(vertx, mock, null, httpA, new PoolOptions().setHttp1MaxSize(32));

      // placement: the adapter nodes open no HTTP port; A, with no adapter of its own, serves through them
      for (int port : closedPorts) {
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "port " + port);
      }
      assertTrue(nodeB.output().contains("Switchboard running [providers] as cluster node"), nodeB.output());
      List<String> served = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Reply reply = client.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, i % 2 == 0, null)).await();
        assertEquals(200, reply.status(), reply.body().toString());
        served.add(reply.headers().get("x-request-id"));
      }

      // propagation: a credential changed through A's admin API is what both adapters send from the next request on
      AdminClient admin = new AdminClient(vertx, adminA);
      String token = admin.loginAdmin();
      long account = new JsonArray(admin.get("/admin/accounts", token).body()).getJsonObject(0).getLong("id");
      assertEquals(200, admin.call(HttpMethod.PATCH, "/admin/accounts/" + account, token,
        new JsonObject().put("apiKey", "rotated-credential-0042")).status());
      int before = mock.received().size();
      for (int i = 0; i < 6; i++) {
        assertEquals(200, client.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
      }
      List<ReceivedRequest> after = mock.received().subList(before, mock.received().size());
      assertEquals(6, after.size());
      for (ReceivedRequest request : after) {
        assertEquals("Bearer rotated-credential-0042", request.headers().get("authorization"));
      }

      // node loss: streams under way on B and C, calls waiting for their heads on both; then B is killed
      mock.respond(MockBehavior.ok().withChunks(150).withChunkDelayMs(20));
      int received = mock.received().size();
      List<Future<Reply>> streams = new ArrayList<>();
      long[] endedAt = new long[8];
      for (int i = 0; i < 8; i++) {
        int n = i;
        streams.add(client.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null))
          .onComplete(done -> endedAt[n] = System.currentTimeMillis()));
      }
      mock.awaitReceived(received + 8);
      mock.respond(MockBehavior.ok().withHeadersDelayMs(2000));
      List<Future<Reply>> waiting = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        waiting.add(client.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)));
      }
      mock.awaitReceived(received + 14);
      long killedAt = System.currentTimeMillis();
      nodeB.kill();

      int cutShort = 0;
      for (int i = 0; i < streams.size(); i++) {
        Reply reply = streams.get(i).await();
        assertEquals(200, reply.status());
        String body = reply.body().toString();
        if (body.contains("left the cluster")) {
          cutShort++;
          assertTrue(body.contains("\"error\""), "in-band, as the SDK expects it: " + body);
          long endedMs = endedAt[i] - killedAt;
          assertTrue(endedMs < CONTROL_TIMEOUT_MS, "a stream of B's ended " + endedMs + " ms after the kill");
        } else {
          assertTrue(body.endsWith(MockUpstream.DONE_EVENT), "C's streams finish: " + body);
        }
        served.add(reply.headers().get("x-request-id"));
      }
      assertTrue(cutShort > 0 && cutShort < streams.size(), cutShort + " of the streams were B's");
      for (Future<Reply> call : waiting) {
        Reply reply = call.await();
        assertEquals(200, reply.status(), "failed over to C: " + reply.body());
        served.add(reply.headers().get("x-request-id"));
      }
      assertTrue(nodeA.output().contains("left the cluster"), "A learnt of it from the cluster manager");
      mock.respond(MockBehavior.ok());
      assertEquals(200, client.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await().status());

      List<String> rows = awaitUsageRows(postgresUrl, served);
      assertEquals(served.size(), rows.size(), "every request recorded once: " + rows);
      passed = true;
    } finally {
      if (client != null) {
        client.client.close().await();
      }
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).stop();
      }
      mock.close().await();
      vertx.close().await();
      if (passed) {
        TempDirs.deleteTree(dir);
      }
    }
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).toList();
    }
  }

  /** What every node's file says: loopback, the cluster, its own HTTP and admin ports. */
  private static JsonObject node(String clusterName, int hazelcastPort, JsonArray members, int http, int admin) {
    return new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", http))
      .put("admin", new JsonObject().put("port", admin))
      .put("cron", new JsonObject().put("jobs", new JsonObject()
        .put("health-probes", new JsonObject().put("schedule", "0 0 * * *").put("enabled", false))))
      .put("cluster", ClusterHarness.section(clusterName, hazelcastPort, members));
  }


  /** Polls A's PostgreSQL until every request has its row (the recorder writes in batches); one row each. */
  private static List<String> awaitUsageRows(String url, List<String> requestIds) throws Exception {
    PostgresTarget target = PostgresTarget.parse(url);
    String sql = "select request_id from usage_log where request_id in ('" + String.join("','", requestIds) + "')";
    long deadline = System.currentTimeMillis() + 15_000;
    List<String> rows = new ArrayList<>();
    while (true) {
      rows.clear();
      try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
           Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
        while (r.next()) {
          rows.add(r.getString(1));
        }
      }
      if (rows.size() >= requestIds.size() || System.currentTimeMillis() > deadline) {
        return rows;
      }
      Thread.sleep(100);
    }
  }
}

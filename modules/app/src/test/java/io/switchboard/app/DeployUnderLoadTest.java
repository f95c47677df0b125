package io.switchboard.app;

import static io.switchboard.app.AdapterJars.OLLAMA_MODEL;
import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Zero failed requests while adapters change under load. Two clustered nodes (A: every role and the OpenAI adapter;
 * B: adapters only), {@value #CLIENTS} clients sending streamed and plain requests without pause, to the OpenAI
 * adapter and to the Ollama adapter from its jar. Through the admin API, while they run: the OpenAI adapter is
 * redeployed three times, scaled 1 → 4 → 1, moved to B and back to A, and the Ollama jar is swapped from version 1 to
 * version 2. Every request succeeds, every stream arrives whole, and every request has exactly one usage row. The
 * request count and latency percentiles of a quiet run and of the run during the operations are printed.
 */
class DeployUnderLoadTest {
  private static final int CLIENTS = 56;
  private static final long WARM_UP_MS = 5_000;
  private static final long QUIET_MS = 10_000;
  /** Load between two operations, so that each meets requests and streams in flight. */
  private static final long BETWEEN_OPERATIONS_MS = 1_500;
  private static final int CHUNKS = 5;
  /** Each client's pause between its requests: a steady load, not one that saturates the two cores of a test run. */
  private static final long THINK_MS = 100;
  private static final long T0 = System.nanoTime();

  private final Queue<Long> quiet = new ConcurrentLinkedQueue<>();
  private final Queue<Long> operations = new ConcurrentLinkedQueue<>();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final Set<String> requestIds = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sent = new AtomicInteger();
  private volatile Queue<Long> phase = new ConcurrentLinkedQueue<>(); // the warm-up's timings are not reported
  private volatile boolean stopping;
  private io.vertx.core.Vertx loadVertx;

  @Test
  void redeployScaleMoveAndJarSwapFailNoRequest() throws Exception {
    TestStorage.clean();
    JsonObject common = new JsonObject()
      .put("providers", new JsonObject().put("drainSeconds", 10))
      .put("adapters", new JsonObject().put("dir", AdapterJars.OLLAMA_V1.getParent().toString()))
      .put("scheduler", new JsonObject().put("health", new JsonObject().put("probeIntervalMs", 600_000)));
    ClusterHarness cluster = ClusterHarness.start(common,
      new JsonObject().put("roles", new JsonArray(List.of("ingress", "auth", "scheduler", "usage", "admin",
        "providers"))).put("providers", new JsonObject().put("kinds", new JsonArray().add("openai"))),
      new JsonObject().put("roles", new JsonArray().add("providers"))
        .put("providers", new JsonObject().put("kinds", new JsonArray().add("gemini"))));
    loadVertx = cluster.vertx;
    HttpClient client = cluster.vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(cluster.node(0).http().port), new PoolOptions().setHttp1MaxSize(CLIENTS));
    try {
      String a = nodeId(cluster, 0);
      String b = nodeId(cluster, 1);
      AdminClient admin = cluster.node(0).admin();
      String token = admin.loginAdmin();
      JsonArray nodes = admin.get("/admin/nodes", token).json().getJsonArray("items");
      assertEquals(List.of(a + "|true|true|[openai]", b + "|false|true|[gemini]"), nodes.stream()
        .map(JsonObject.class::cast).sorted(java.util.Comparator.comparing(n -> n.getString("id").equals(a) ? 0 : 1))
        .map(n -> n.getString("id") + "|" + n.getBoolean("self") + "|" + n.getBoolean("reachable") + "|"
          + n.getJsonArray("kinds").encode().replace("\"", "")).toList());
      String ollama = items(admin.post("/admin/deployments", token, new JsonObject().put("node", a)
        .put("role", "providers").put("jar", "ollama-adapter"))).getJsonObject(0).getString("id");
      assertEquals(201, admin.post("/admin/accounts", token, new JsonObject().put("name", "local-ollama")
        .put("provider", "ollama").put("baseUrl", cluster.mock.rootUrl())
        .put("models", new JsonArray().add(OLLAMA_MODEL))).status());
      cluster.mock.respond(MockBehavior.ok().withChunks(CHUNKS).withChunkDelayMs(20).withRecordBody(false));

      Promise<Void> allStopped = Promise.promise();
      AtomicInteger running = new AtomicInteger(CLIENTS);
      for (int i = 0; i < CLIENTS; i++) {
        int clientNo = i;
        cluster.vertx.runOnContext(v -> loop(client, clientNo, running, allStopped));
      }
      Thread.sleep(WARM_UP_MS); // connections opened, code paths compiled
      phase = quiet;
      Thread.sleep(QUIET_MS); // the quiet run: load without operations
      phase = operations;

      String openai = find(admin, token, a, "openai");
      for (int i = 0; i < 3; i++) {
        change(admin, token, "/admin/deployments/" + openai + "/redeploy", new JsonObject());
      }
      change(admin, token, "/admin/deployments/" + openai + "/scale", new JsonObject().put("instances", 4));
      change(admin, token, "/admin/deployments/" + openai + "/scale", new JsonObject().put("instances", 1));
      String onB = items(change(admin, token, "/admin/deployments", new JsonObject().put("node", b)
        .put("role", "providers").put("kind", "openai"))).getJsonObject(0).getString("id");
      remove(admin, token, openai);
      Reply last = admin.call(HttpMethod.DELETE, "/admin/deployments/" + onB, token, null);
      assertEquals(409, last.status(), "the only OpenAI adapter in the cluster, on the other node: " + last.body());
      String backOnA = items(change(admin, token, "/admin/deployments", new JsonObject().put("node", a)
        .put("role", "providers").put("kind", "openai"))).getJsonObject(0).getString("id");
      remove(admin, token, onB);
      JsonObject swapped = items(change(admin, token, "/admin/deployments/" + ollama + "/redeploy",
        new JsonObject().put("jar", "ollama-adapter-v2"))).getJsonObject(0);
      assertEquals("2.0.0", swapped.getString("version"));
      awaitNoDrain(admin, token);

      stopping = true;
      allStopped.future().await(60, TimeUnit.SECONDS);
      List<String> running2 = deployments(admin, token).stream().filter(d -> "running".equals(d.getString("state")))
        .map(d -> d.getString("id") + "=" + d.getInteger("instances")).toList();
      assertTrue(running2.contains(backOnA + "=1") && running2.contains(ollama + "=1"), running2.toString());

      System.out.println("DeployUnderLoadTest: " + CLIENTS + " clients, " + sent.get() + " requests; quiet run "
        + percentiles(quiet) + "; during the operations " + percentiles(operations));
      assertEquals(List.of(), List.copyOf(failures), "every request succeeds and every stream arrives whole");
      assertEquals(sent.get(), requestIds.size(), "every request answered with its own id");
      List<String> rows = TestStorage.awaitRows("select request_id from usage_log", requestIds.size());
      assertEquals(requestIds.size(), rows.size(), "one usage row per request");
      assertEquals(requestIds, new HashSet<>(rows), "the rows are the requests'");
    } finally {
      client.close().await();
      cluster.stop();
    }
  }

  /** One client: a request, checked and timed, then the next, until the test stops them. */
  private void loop(HttpClient client, int clientNo, AtomicInteger running, Promise<Void> allStopped) {
    if (stopping) {
      if (running.decrementAndGet() == 0) {
        allStopped.complete();
      }
      return;
    }
    int n = sent.incrementAndGet();
    boolean stream = n % 2 == 0;
    String model = clientNo % 4 == 3 ? OLLAMA_MODEL : MODEL;
    Queue<Long> timing = phase;
    long start = System.nanoTime();
    client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
        .putHeader("authorization", "Bearer " + CLIENT_KEY).putHeader("content-type", "application/json"))
      .compose(request -> request.send(chat(model, stream, null)))
      .compose(response -> response.body().map(body -> new Reply(response.statusCode(), response.headers(), body)))
      .onComplete(done -> {
        timing.add(System.nanoTime() - start);
        if (done.failed()) {
          failures.add(at() + model + (stream ? " stream" : " plain") + ": " + done.cause());
        } else {
          check(done.result(), model, stream);
        }
        loadVertx.setTimer(THINK_MS, t -> loop(client, clientNo, running, allStopped));
      });
  }

  private void check(Reply reply, String model, boolean stream) {
    String body = reply.body().toString();
    String id = reply.headers().get("x-request-id");
    if (id != null) {
      requestIds.add(id);
    }
    boolean whole = reply.status() == 200 && body.contains(MockUpstream.token(CHUNKS - 1).trim())
      && (!stream || body.endsWith(MockUpstream.DONE_EVENT)) && !body.contains("\"error\"");
    if (!whole || id == null) {
      failures.add(at() + model + (stream ? " stream " : " plain ") + reply.status() + ": " + body);
    }
  }

  /** When, since the test class loaded (to set failures beside the operations' times in the output). */
  private static String at() {
    return "[" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - T0) + " ms] ";
  }

  /** A change through the admin API, which must answer 200. */
  private static Reply change(AdminClient admin, String token, String path, JsonObject body) throws Exception {
    System.out.println(at() + "POST " + path + " " + body.encode());
    Reply reply = admin.post(path, token, body);
    assertEquals(200, reply.status(), path + ": " + reply.body());
    awaitNoDrain(admin, token);
    Thread.sleep(BETWEEN_OPERATIONS_MS);
    return reply;
  }

  private static void remove(AdminClient admin, String token, String id) throws Exception {
    System.out.println(at() + "DELETE " + id);
    Reply reply = admin.call(HttpMethod.DELETE, "/admin/deployments/" + id, token, null);
    assertEquals(200, reply.status(), reply.body().toString());
    awaitNoDrain(admin, token);
    Thread.sleep(BETWEEN_OPERATIONS_MS);
  }

  /** Polls until nothing drains anywhere in the cluster (the old instances of the last change are gone). */
  private static void awaitNoDrain(AdminClient admin, String token) throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      if (deployments(admin, token).stream().noneMatch(d -> "draining".equals(d.getString("state")))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("a drain did not end: " + deployments(admin, token));
  }

  private static List<JsonObject> deployments(AdminClient admin, String token) {
    List<JsonObject> all = new ArrayList<>();
    admin.get("/admin/deployments", token).json().getJsonArray("items").forEach(d -> all.add((JsonObject) d));
    return all;
  }

  private static String find(AdminClient admin, String token, String node, String kind) {
    return deployments(admin, token).stream().filter(d -> node.equals(d.getString("node"))
        && kind.equals(d.getString("kind")) && "running".equals(d.getString("state")))
      .findFirst().orElseThrow().getString("id");
  }

  private static JsonArray items(Reply reply) {
    return reply.json().getJsonArray("items");
  }

  private static String nodeId(ClusterHarness cluster, int i) {
    return cluster.node(i).node().nodeId();
  }

  private static String percentiles(Queue<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    sorted.sort(Long::compare);
    if (sorted.isEmpty()) {
      return "no requests";
    }
    return sorted.size() + " requests, p50 " + ms(sorted, 0.50) + " ms, p90 " + ms(sorted, 0.90) + " ms, p99 "
      + ms(sorted, 0.99) + " ms, max " + ms(sorted, 1.0) + " ms";
  }

  private static String ms(List<Long> sorted, double q) {
    long v = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    return String.format(java.util.Locale.ROOT, "%.1f", v / 1e6);
  }
}

package io.switchboard.app;

import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TempDirs;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/** A whole gateway on test storage, in front of a testkit mock upstream, with a client to call it. */
final class GatewayHarness {
  static final String CLIENT_KEY = "sb-test-client-key-0001";
  static final String LIMITED_KEY = "sb-test-limited-key-0002";
  static final String UPSTREAM_KEY = "upstream-credential-7f3a9c";
  static final String MODEL = "gpt-4o-mini";
  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  final Vertx vertx;
  final MockUpstream mock;
  final Gateway gateway;
  final int port;
  final HttpClient client;

  GatewayHarness(Vertx vertx, MockUpstream mock, Gateway gateway, int port) {
    this(vertx, mock, gateway, port, new PoolOptions());
  }

  /** With a pool of its own: more than the default 5 connections for tests with many requests in flight at once. */
  GatewayHarness(Vertx vertx, MockUpstream mock, Gateway gateway, int port, PoolOptions pool) {
    this.vertx = vertx;
    this.mock = mock;
    this.gateway = gateway;
    this.port = port;
    // idle connections are let go before any test's gateway closes them (http.idleTimeoutMs, 1500 ms at the least):
    // a request sent on a connection the server is closing that moment fails with "Connection was closed"
    this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      .setKeepAliveTimeout(1), pool);
  }

  /** Starts the mock and the gateway; {@code overrides} are merged over the defaults like a --config file. */
  static Future<GatewayHarness> start(Vertx vertx, JsonObject overrides) {
    return MockUpstream.start(vertx).compose(mock -> {
      int port = freePort();
      JsonObject config = config(mock.baseUrl(), port, overrides);
      return Gateway.start(vertx, config).map(gateway -> new GatewayHarness(vertx, mock, gateway, port));
    });
  }

  /** The test gateway's configuration on the shared test storage; {@code overrides} act as a --config file. */
  static JsonObject config(String upstreamBaseUrl, int port, JsonObject overrides) {
    JsonObject onTestStorage = new JsonObject()
      .put("storage", new JsonObject()
        .put("postgres", new JsonObject().put("url", TestStorage.postgresUrl()))
        .put("redis", new JsonObject().put("url", TestStorage.redisUrl())))
      .put("security", new JsonObject().put("masterKey", "${env:TEST_MASTER_KEY}"))
      .put("usage", new JsonObject().put("spoolDir", tempDir("sb-test-usage-spool")));
    return ownStorageConfig(upstreamBaseUrl, port, onTestStorage.mergeIn(overrides, true));
  }

  /** The test gateway's configuration with storage as {@code overrides} say (the embedded default if silent). */
  static JsonObject ownStorageConfig(String upstreamBaseUrl, int port, JsonObject overrides) {
    JsonObject file = new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
      .put("admin", new JsonObject().put("port", freePort())) // several gateways may run at once
      .put("rules", new JsonObject().put("outcomeLog", new JsonObject().put("recordSuccesses", true)))
      .put("vertx", new JsonObject().put("eventLoops", 2))
      // a test that ends with a stream still running should not wait the production drain at its teardown
      .put("shutdown", new JsonObject().put("drainSeconds", 1))
      .put("providers", new JsonObject().put("drainSeconds", 1)) // likewise an adapter undeployed mid-stream
      // tests that fail on purpose should not wait seconds between retries; the back-off tests set their own
      .put("ingress", new JsonObject().put("retry", new JsonObject().put("initialDelayMs", 20)))
      .put("bootstrap", new JsonObject()
        .put("accounts", new JsonArray().add(new JsonObject().put("name", "mock").put("provider", "openai")
          .put("baseUrl", upstreamBaseUrl).put("apiKey", UPSTREAM_KEY)
          .put("models", new JsonArray().add(MODEL).add("gpt-4o"))))
        .put("keys", new JsonArray()
          .add(new JsonObject().put("name", "client").put("key", CLIENT_KEY).put("models", new JsonArray().add("*")))
          .add(new JsonObject().put("name", "limited").put("key", LIMITED_KEY)
            .put("models", new JsonArray().add("gpt-4o-mini*")))));
    JsonObject merged = GatewayConfig.Defaults.get().mergeIn(file, true).mergeIn(overrides, true);
    // overrides may name the mock's address as ${env:MOCK_ROOT} (scheme, host and port)
    String root = upstreamBaseUrl.endsWith("/v1") ? upstreamBaseUrl.substring(0, upstreamBaseUrl.length() - 3)
      : upstreamBaseUrl;
    return GatewayConfig.resolve(merged, Map.of("TEST_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
      "MOCK_ROOT", root));
  }

  Future<Void> stop() {
    return client.close().compose(v -> gateway.stop()).compose(v -> mock.close());
  }

  /** A finished HTTP exchange as the client saw it. */
  record Reply(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  Future<Reply> post(String path, String key, String body) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
      .putHeader("content-type", "application/json");
    if (key != null) {
      options.putHeader("authorization", "Bearer " + key);
    }
    return exchange(options, Buffer.buffer(body));
  }

  Future<Reply> get(String path, String key) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(path);
    if (key != null) {
      options.putHeader("authorization", "Bearer " + key);
    }
    return exchange(options, null);
  }

  Future<Reply> exchange(RequestOptions options, Buffer body) {
    return exchange(vertx, client, options, body);
  }

  /**
   * One whole exchange on {@code client}, built in one task on a Vert.x context. Chained from a test thread, the
   * response's {@code body()} is then asked for on that thread while the event loop delivers the response, and the
   * body future sometimes never completes: 76 of 3,000 such exchanges (a client each) on this 2-core machine, none
   * of 3,000 started on a context.
   */
  static Future<Reply> exchange(Vertx vertx, HttpClient client, RequestOptions options, Buffer body) {
    Promise<Reply> reply = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.request(options)
      .compose(req -> body == null ? req.send() : req.send(body))
      .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b)))
      .onComplete(reply));
    return reply.future();
  }

  static String chat(String model, boolean stream, String extra) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
      + (stream ? ",\"stream\":true" : "") + (extra == null ? "" : "," + extra) + "}";
  }

  /** A fresh directory per gateway: a usage spool left by one test must not replay into another's tables. */
  static String tempDir(String prefix) {
    return TempDirs.create(prefix).toString();
  }

  /**
   * A port free now, below the kernel's ephemeral range (32768 and up): a port picked from that range can be taken,
   * before the gateway binds it, as the local end of any outgoing connection (PostgreSQL, Redis, HTTP clients), which
   * failed a start with "Address already in use". Never one handed out before in this JVM: two servers of one test
   * (a gateway's client and admin ports, say) picked apart could otherwise get the same port, and would share it.
   */
  static int freePort() {
    for (int tries = 0; tries < 200; tries++) {
      int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port between 20000 and 32000");
  }
}

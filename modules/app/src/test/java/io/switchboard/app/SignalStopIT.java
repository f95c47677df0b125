package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.store.Databases;
import io.switchboard.store.EmbeddedStorage;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a running node on the embedded storage (the jar, a JVM of its own): the stream in flight finishes, and its
 * slot's release and its usage row reach Redis and PostgreSQL before the embedded servers stop, with no warning on the
 * way out. The storage libraries stop their servers from shutdown hooks of their own, which the JVM ran alongside the
 * drain: both servers went down mid-stream, the release was lost and the row went to the spool.
 */
class SignalStopIT {
  @Test
  void sigtermDrainsTheStreamInFlightBeforeTheEmbeddedServersStop() throws Exception {
    Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the jar is built before the integration tests: " + jar);
    Path runs = Files.createDirectories(jar.getParent().resolve("signal-it")); // stays in target/ when the test fails
    Path dir = Files.createTempDirectory(runs, "run");
    Path data = dir.resolve("data");
    int postgresPort = GatewayHarness.freePort();
    int redisPort = GatewayHarness.freePort();
    Vertx vertx = Vertx.vertx();
    MockUpstream mock = MockUpstream.start(vertx).await();
    mock.respond(MockBehavior.ok().withChunks(20).withChunkDelayMs(100)); // about 2 s
    int port = GatewayHarness.freePort();
    JsonObject config = GatewayHarness.ownStorageConfig(mock.baseUrl(), port, new JsonObject()
      .put("storage", new JsonObject().put("dataDir", data.toString())
        .put("embedded", new JsonObject().put("postgresPort", postgresPort).put("redisPort", redisPort)))
      .put("shutdown", new JsonObject().put("drainSeconds", 20))
      .put("bootstrap", new JsonObject() // the harness's account on the mock; its client key with limits
        .put("keys", new JsonArray().add(new JsonObject().put("name", "client").put("key", CLIENT_KEY)
          .put("models", new JsonArray().add("*")) // limits, so that admission and release go to Redis
          .put("rpm", 1000).put("tpm", 1_000_000).put("maxConcurrency", 10)))));
    NodeProcess node = NodeProcess.start("node", jar, dir, config, Map.of(), Map.of());
    try {
      node.awaitRunning(120_000);
      Future<Buffer> streamed = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(port))
        .request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setURI("/v1/chat/completions")
          .putHeader("authorization", "Bearer " + CLIENT_KEY).putHeader("content-type", "application/json"))
        .compose(request -> request.send(GatewayHarness.chat(MODEL, true, null)))
        .compose(response -> response.body());
      long deadline = System.currentTimeMillis() + 10_000;
      while (mock.received().isEmpty() && !streamed.isComplete() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1, mock.received().size(), "the stream reached the upstream: " + streamed);
      Thread.sleep(300); // the first chunks are on their way

      int status = node.stop();
      String body = streamed.await(10, TimeUnit.SECONDS).toString();

      assertEquals(143, status, "exits as the JVM does on SIGTERM");
      assertTrue(body.endsWith(MockUpstream.DONE_EVENT) && body.contains(MockUpstream.token(19)),
        "the whole stream: " + body);
      String log = node.output();
      int stopping = log.indexOf("shutting down");
      assertTrue(stopping >= 0, "the node said it was shutting down:\n" + log);
      assertEquals(List.of(), log.substring(stopping).lines()
        .filter(line -> line.contains("\"level\":\"WARN\"") || line.contains("\"level\":\"ERROR\"")).toList(),
        "warnings on the way out");
      try (Stream<Path> spooled = Files.list(data.resolve("usage-spool"))) {
        assertEquals(List.of(), spooled.toList(), "usage rows spooled instead of written");
      }
      assertEquals(List.of("200|ok"), usageRows(vertx, data, postgresPort, redisPort));
    } finally {
      node.kill();
      mock.close().await();
      vertx.close().await();
    }
  }

  /** The usage rows in the node's PostgreSQL, started again on its data directory. */
  private static List<String> usageRows(Vertx vertx, Path data, int postgresPort, int redisPort) {
    EmbeddedStorage storage = EmbeddedStorage.start(data, postgresPort, redisPort);
    try {
      Pool pool = Databases.postgres(vertx, storage.postgresUrl(), 1);
      try {
        return pool.query("select concat_ws('|', status, outcome) from usage_log").execute().await().stream()
          .map((Row row) -> row.getString(0)).toList();
      } finally {
        pool.close().await();
      }
    } finally {
      storage.close();
    }
  }
}

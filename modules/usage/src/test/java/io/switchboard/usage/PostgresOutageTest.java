package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.Usage;
import io.switchboard.store.Migrations;
import io.switchboard.store.PostgresTarget;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL stops in the middle of the load and comes back: rows written meanwhile go to the spool (also across a
 * graceful stop of the recorder) and are replayed; every request's row is there exactly once. Runs its own
 * PostgreSQL, so the shared test database is never stopped.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class PostgresOutageTest {
  private static final long STARTED_AT = System.currentTimeMillis() - 60_000;
  private EmbeddedPostgres postgres;

  @AfterEach
  void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everyRowArrivesExactlyOnceAcrossAnOutage(Vertx vertx) throws Exception {
    Path data = Files.createTempDirectory("sb-outage-pg");
    int port = freePort();
    postgres = start(data, port);
    String url = "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
    Migrations.migrate(PostgresTarget.parse(url));
    JsonObject config = RecorderDeployment.config(url, 10, 50).put("replayIntervalMs", 200).put("poolSize", 2);
    Path spool = Path.of(config.getString("spoolDir"));
    String first = RecorderDeployment.deploy(vertx, config);

    sendRange(vertx, 0, 100);
    assertEquals(100, awaitCount(url, 100));

    postgres.close(); // mid-load: PostgreSQL goes away
    postgres = null;
    sendRange(vertx, 100, 200);
    long deadline = System.currentTimeMillis() + 10_000;
    while (spooledLines(spool) < 100 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(100, spooledLines(spool), "the outage's rows are on disk");
    vertx.undeploy(first).await(); // a graceful stop while PostgreSQL is still down keeps the spool

    postgres = start(data, port);
    String second = RecorderDeployment.deploy(vertx, config); // replays what the first left
    sendRange(vertx, 200, 300);
    sendRange(vertx, 150, 160); // replays of rows already spooled
    assertEquals(300, awaitCount(url, 300));
    Thread.sleep(500);
    assertEquals("300|300|0|299", scalar(url, "select count(*) || '|' || count(distinct request_id) || '|' "
      + "|| min(substr(request_id, 5)::int) || '|' || max(substr(request_id, 5)::int) from usage_log"));
    vertx.undeploy(second).await();
    assertEquals(0, spooledLines(spool), "the spool is empty once replayed");
  }

  private static void sendRange(Vertx vertx, int from, int to) {
    for (int i = from; i < to; i++) {
      // a replay carries the same start time, as the ingress's record does
      vertx.eventBus().send(Addresses.USAGE_RECORD, RecorderDeployment.record("req-" + i, 1, 0, "default",
        "gpt-4o-mini", new Usage(i, 1, 0, 0, 0), STARTED_AT + i, false));
    }
  }

  private static EmbeddedPostgres start(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(data.toFile()).setCleanDataDirectory(false).setPort(port)
      .start();
  }

  private static long spooledLines(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long lines = 0;
      for (Path file : files.filter(p -> p.getFileName().toString().startsWith("usage-spool")).toList()) {
        try (Stream<String> l = Files.lines(file)) {
          lines += l.count();
        }
      }
      return lines;
    }
  }

  private static int awaitCount(String url, int count) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    int seen = Integer.parseInt(scalar(url, "select count(*) from usage_log"));
    while (seen < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      seen = Integer.parseInt(scalar(url, "select count(*) from usage_log"));
    }
    return seen;
  }

  private static String scalar(String url, String sql) throws Exception {
    PostgresTarget target = PostgresTarget.parse(url);
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      assertTrue(socket.getLocalPort() > 0);
      return socket.getLocalPort();
    }
  }
}

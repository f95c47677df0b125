package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.Usage;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
  private OwnPostgres postgres;

  @AfterEach
  void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everyRowArrivesExactlyOnceAcrossAnOutage(Vertx vertx) throws Exception {
    postgres = OwnPostgres.start();
    String url = postgres.url();
    JsonObject config = RecorderDeployment.config(url, 10, 50).put("replayIntervalMs", 200).put("poolSize", 2);
    Path spool = Path.of(config.getString("spoolDir"));
    String first = RecorderDeployment.deploy(vertx, config);

    sendRange(vertx, 0, 100);
    assertEquals(100, postgres.awaitCount("select count(*) from usage_log", 100));

    postgres.stop(); // mid-load: PostgreSQL goes away
    sendRange(vertx, 100, 200);
    long deadline = System.currentTimeMillis() + 10_000;
    while (spooledLines(spool) < 100 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(100, spooledLines(spool), "the outage's rows are on disk");
    vertx.undeploy(first).await(); // a graceful stop while PostgreSQL is still down keeps the spool

    postgres.startAgain();
    String second = RecorderDeployment.deploy(vertx, config); // replays what the first left
    sendRange(vertx, 200, 300);
    sendRange(vertx, 150, 160); // replays of rows already spooled
    assertEquals(300, postgres.awaitCount("select count(*) from usage_log", 300));
    Thread.sleep(500);
    assertEquals("300|300|0|299", postgres.scalar("select count(*) || '|' || count(distinct request_id) || '|' "
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

  /** Rows waiting in the spool's files (the active one and any being replayed). */
  static long spooledLines(Path dir) throws IOException {
    return lines(dir, "usage-spool");
  }

  /** Rows kept in usage-rejected.jsonl. */
  static long rejectedLines(Path dir) throws IOException {
    return lines(dir, "usage-rejected");
  }

  /**
   * A replay renames the active file while this counts: a file listed but gone by the time it is read was renamed
   * (or replayed and deleted), so the count starts again from a fresh listing.
   */
  private static long lines(Path dir, String prefix) throws IOException {
    while (true) {
      try (Stream<Path> files = Files.list(dir)) {
        long lines = 0;
        for (Path file : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
          try (Stream<String> l = Files.lines(file)) {
            lines += l.count();
          }
        }
        return lines;
      } catch (NoSuchFileException renamed) {
        // listed before the rename, read after it
      }
    }
  }
}

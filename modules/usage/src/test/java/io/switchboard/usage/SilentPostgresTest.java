package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.Usage;
import io.switchboard.store.PostgresTarget;
import io.switchboard.testkit.StallingProxy;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL that accepts connections but does not answer costs the recorder a bounded wait, never a hang: rows go
 * to the spool once the pool's acquire timeout or a statement's timeout runs out, the rows waiting in memory stay
 * within maxPendingRows (later batches go straight to the spool), a graceful stop finishes, and once the server
 * answers again the spool drains.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class SilentPostgresTest {

  @Test
  void aServerThatNeverAnswersSendsTheRowsToTheSpool(Vertx vertx) throws Exception {
    try (StallingProxy silent = StallingProxy.silent(vertx)) {
      JsonObject config = config(silent.port()).put("maxPendingRows", 50);
      Path spool = Path.of(config.getString("spoolDir"));
      double spooledBefore = spoolGauge();
      double overflowedBefore = refused("usage_write_queue_full");
      String id = RecorderDeployment.deploy(vertx, config);

      send(vertx, 0, 200);

      awaitSpooled(spool, 200);
      assertEquals(200, PostgresOutageTest.spooledLines(spool), "every row is on disk");
      long deadline = System.currentTimeMillis() + 5_000;
      while (spoolGauge() - spooledBefore < 200 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20); // counted once the append is on disk
      }
      assertEquals(200.0, spoolGauge() - spooledBefore, "sb_usage_spool_rows");
      assertTrue(refused("usage_write_queue_full") > overflowedBefore,
        "batches past maxPendingRows went straight to the spool instead of waiting in memory");
      vertx.undeploy(id).await(20, TimeUnit.SECONDS); // a graceful stop does not hang on the silent server
      assertEquals(spooledBefore, spoolGauge(), "a stopped recorder no longer counts its spool");
    }
  }

  @Test
  void aServerThatStopsAnsweringMidwayCostsAStatementTimeoutThenTheSpoolDrains(Vertx vertx) throws Exception {
    int port = PostgresTarget.parse(TestStorage.postgresUrl()).port();
    try (StallingProxy proxy = StallingProxy.to(vertx, port)) {
      JsonObject config = config(proxy.port());
      Path spool = Path.of(config.getString("spoolDir"));
      String id = RecorderDeployment.deploy(vertx, config);
      send(vertx, 0, 10);
      assertEquals(10, TestStorage.awaitRows("select 1 from usage_log", 10).size());

      proxy.stall(); // the pooled connection stays open, and silent
      send(vertx, 10, 20);
      awaitSpooled(spool, 10);
      assertEquals(10, PostgresOutageTest.spooledLines(spool));
      assertEquals(10, TestStorage.query("select 1 from usage_log").size());

      proxy.resume();
      assertEquals(20, TestStorage.awaitRows("select 1 from usage_log", 20).size());
      vertx.undeploy(id).await(20, TimeUnit.SECONDS);
      assertEquals(0, PostgresOutageTest.spooledLines(spool));
    }
  }

  @Test
  void whenTheSpoolFailsTooMemoryStaysBoundedAndTheRowsPastItAreCounted(Vertx vertx) throws Exception {
    try (StallingProxy silent = StallingProxy.silent(vertx)) {
      JsonObject config = config(silent.port()).put("maxPendingRows", 20);
      double droppedBefore = dropped();
      String id = RecorderDeployment.deploy(vertx, config);
      Files.delete(Path.of(config.getString("spoolDir"))); // the disk is gone too: appends fail

      send(vertx, 0, 100);
      long deadline = System.currentTimeMillis() + 15_000;
      while (dropped() - droppedBefore < 80 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(dropped() - droppedBefore >= 80, "at most maxPendingRows are held: " + (dropped() - droppedBefore));
      vertx.undeploy(id).await(20, TimeUnit.SECONDS);
      assertEquals(100.0, dropped() - droppedBefore, "every lost row is counted, also those held at the stop");
    }
  }

  /** The recorder on PostgreSQL behind {@code port}, with short limits. */
  private static JsonObject config(int port) {
    JsonObject config = RecorderDeployment.config("postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres",
      10, 20).put("replayIntervalMs", 200);
    config.getJsonObject("postgres").put("connectTimeoutMs", 500).put("acquireTimeoutMs", 300)
      .put("statementTimeoutMs", 500);
    return config;
  }

  private static void send(Vertx vertx, int from, int to) {
    long now = System.currentTimeMillis();
    for (int i = from; i < to; i++) {
      vertx.eventBus().send(Addresses.USAGE_RECORD, RecorderDeployment.record("req-" + i, 1, 0, "default",
        "gpt-4o-mini", new Usage(i, 1, 0, 0, 0), now, false));
    }
  }

  private static void awaitSpooled(Path spool, long rows) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    while (PostgresOutageTest.spooledLines(spool) < rows && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
  }

  private static double spoolGauge() {
    var gauge = GatewayMetrics.registry().find("sb.usage.spool.rows").gauge();
    return gauge == null ? 0 : gauge.value(); // registered when the first recorder opens its spool
  }

  private static double dropped() {
    var counter = GatewayMetrics.registry().find("sb.usage.dropped").counter();
    return counter == null ? 0 : counter.count();
  }

  private static double refused(String reason) {
    var counter = GatewayMetrics.registry().find("sb.refused").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }
}

package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One row PostgreSQL refuses (a model name holding NUL, which the ingress now refuses itself: sent here on the bus
 * as another node could) never takes the rows beside it down: they are written and charged, it alone is kept in
 * usage-rejected.jsonl; the same when the batch went through the spool first.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class RefusedRowsTest {
  private static final String BAD_MODEL = "gpt\u0000x";
  private OwnPostgres postgres;

  @AfterEach
  void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aRefusedRowIsQuarantinedAndTheOthersAreCharged(Vertx vertx) throws Exception {
    long key = seed(TestStorage::execute);
    JsonObject config = RecorderDeployment.config(TestStorage.postgresUrl(), 1000, 400);
    double quarantinedBefore = quarantined();
    String id = RecorderDeployment.deploy(vertx, config);

    sendTwentyAndOneBad(vertx, key); // well inside one flush interval

    assertEquals(20, TestStorage.awaitRows("select request_id from usage_log where charged_cost_micros = 10", 20)
      .size());
    vertx.undeploy(id).await();
    assertEquals(List.of("20"), TestStorage.query("select count(*) from usage_log"));
    assertEquals(List.of("200"), TestStorage.query("select spent_micros from api_keys where id = " + key));
    assertEquals(List.of("800"), TestStorage.query("select balance_micros from users where username = 'ann'"));
    assertRejected(config, "bad");
    assertEquals(1.0, quarantined() - quarantinedBefore);
  }

  @Test
  void aRefusedRowNeverStallsTheSpool(Vertx vertx) throws Exception {
    postgres = OwnPostgres.start();
    long key = seed(postgres::execute);
    JsonObject config = RecorderDeployment.config(postgres.url(), 1000, 400).put("replayIntervalMs", 200);
    Path spool = Path.of(config.getString("spoolDir"));
    String id = RecorderDeployment.deploy(vertx, config);
    postgres.stop();

    sendTwentyAndOneBad(vertx, key);
    long deadline = System.currentTimeMillis() + 10_000;
    while (PostgresOutageTest.spooledLines(spool) < 21 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(21, PostgresOutageTest.spooledLines(spool), "the outage's rows wait in the spool");
    postgres.startAgain();

    assertEquals(20, postgres.awaitCount("select count(*) from usage_log where charged_cost_micros = 10", 20));
    vertx.undeploy(id).await();
    assertEquals("20", postgres.scalar("select count(*) from usage_log"));
    assertEquals("200", postgres.scalar("select spent_micros from api_keys where id = " + key));
    assertEquals("800", postgres.scalar("select balance_micros from users where username = 'ann'"));
    assertEquals(0, PostgresOutageTest.spooledLines(spool), "the spool drained");
    assertRejected(config, "bad");
  }

  /** A priced model (1 micro-unit a token), a prepaid user and their key; returns the key's id. */
  private static long seed(Sql sql) throws Exception {
    sql.run("insert into model_prices (model, input_micros, output_micros, cache_write_micros, cache_read_micros) "
      + "values ('gpt-4o-mini', 1000000, 1000000, 0, 0)");
    sql.run("insert into user_groups (name) values ('default') on conflict do nothing");
    sql.run("insert into users (id, username, password_hash, balance_micros) values (41, 'ann', 'x', 1000)");
    sql.run("insert into api_keys (id, name, key_hash, display_prefix, user_id) values "
      + "(42, 'ann-key', repeat('a', 64), 'sb-…aaaa', 41)");
    return 42;
  }

  /** Runs one statement on the test's database. */
  private interface Sql {
    void run(String sql) throws Exception;
  }

  private static void sendTwentyAndOneBad(Vertx vertx, long key) {
    long now = System.currentTimeMillis();
    for (int i = 0; i < 20; i++) {
      if (i == 7) {
        send(vertx, new UsageRecord("bad", key, 1L, BAD_MODEL, BAD_MODEL, new Usage(10, 0, 0, 0, 0), 404, 3, -1,
          false, "MODEL_NOT_FOUND", 41, "default", false, now, false));
      }
      send(vertx, RecorderDeployment.record("good-" + i, key, 41, "default", "gpt-4o-mini", new Usage(5, 5, 0, 0, 0),
        now, false));
    }
  }

  private static void send(Vertx vertx, UsageRecord record) {
    vertx.eventBus().send(Addresses.USAGE_RECORD, record);
  }

  private static void assertRejected(JsonObject config, String requestId) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(config.getString("spoolDir")).resolve("usage-rejected.jsonl"));
    assertEquals(1, lines.size(), "only the refused row is quarantined");
    assertEquals(requestId, new JsonObject(lines.get(0)).getString("requestId"));
  }

  private static double quarantined() {
    var counter = GatewayMetrics.registry().find("sb.usage.quarantined").counter();
    return counter == null ? 0 : counter.count();
  }
}

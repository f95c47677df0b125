package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.switchboard.store.Databases;
import io.switchboard.store.RollupStore;
import io.switchboard.store.UsagePartitions;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** usage_log is partitioned by UTC day, retention drops whole days, and daily rollups equal the raw rows. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class PartitionsAndRollupsTest {
  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  @Test
  void rowsLandInTheirDaysPartitionAndRetentionDropsOldDays(Vertx vertx) throws Exception {
    LocalDate old = TODAY.minusDays(40);
    String id = RecorderDeployment.deploy(vertx, RecorderDeployment.config(TestStorage.postgresUrl(), 1, 20));
    send(vertx, "today", TODAY, 5);
    send(vertx, "old", old, 5); // no partition for that day: the default partition takes it
    TestStorage.awaitRows("select 1 from usage_log", 2);
    assertEquals(List.of("old|usage_log_default", "today|" + UsagePartitions.name(TODAY)), TestStorage.query(
      "select request_id || '|' || tableoid::regclass from usage_log order by request_id"));
    assertTrue(TestStorage.query("select relname from pg_class where relname = '"
      + UsagePartitions.name(TODAY.plusDays(2)) + "'").size() == 1, "the next days exist ahead of time");

    Pool pool = Databases.postgres(vertx, TestStorage.postgresUrl(), 2);
    UsagePartitions partitions = new UsagePartitions(pool);
    // creating the old day's partition moves its waiting rows out of the default partition
    assertEquals(List.of(UsagePartitions.name(old)), partitions.ensure(old, 1).await());
    assertEquals(List.of("old|" + UsagePartitions.name(old)), TestStorage.query(
      "select request_id || '|' || tableoid::regclass from usage_log where request_id = 'old'"));
    send(vertx, "older", old.minusDays(1), 5); // default again
    TestStorage.awaitRows("select 1 from usage_log where request_id = 'older'", 1); // written in the next batch

    List<String> dropped = partitions.dropBefore(TODAY.minusDays(30)).await();

    assertTrue(dropped.contains(UsagePartitions.name(old)), dropped.toString());
    assertTrue(dropped.stream().allMatch(n -> n.compareTo(UsagePartitions.name(TODAY.minusDays(30))) < 0));
    assertEquals(List.of("today"), TestStorage.query("select request_id from usage_log"));
    assertEquals(List.of(), TestStorage.query("select relname from pg_class where relname = '"
      + UsagePartitions.name(old) + "'"));
    pool.close().await();
    vertx.undeploy(id).await();
  }

  @Test
  void aDaysRollupEqualsItsRawRowsAndRecomputingIsIdempotent(Vertx vertx) throws Exception {
    LocalDate day = TODAY.minusDays(1);
    String id = RecorderDeployment.deploy(vertx, RecorderDeployment.config(TestStorage.postgresUrl(), 50, 20));
    for (int i = 0; i < 30; i++) {
      long key = 1 + i % 3;
      String model = i % 2 == 0 ? "gpt-4o-mini" : "claude-sonnet-4";
      int status = i % 7 == 0 ? 502 : 200;
      vertx.eventBus().send(Addresses.USAGE_RECORD, new UsageRecord("d" + i, key, 1L, model, model,
        new Usage(100 + i, 10 + i, i, i % 2, i % 3), status, 10, 5, false, "ok", key * 10, "default", false,
        day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + i * 60_000L, false));
    }
    send(vertx, "other-day", day.minusDays(1), 999);
    TestStorage.awaitRows("select 1 from usage_log", 31);
    Pool pool = Databases.postgres(vertx, TestStorage.postgresUrl(), 2);
    RollupStore rollups = new RollupStore(pool);

    assertEquals(6, rollups.recompute(day).await()); // 3 keys (one user each) x 2 models
    assertEquals(6, rollups.recompute(day).await());

    String aggregate = "user_id, key_id, model, %s, sum(input_tokens), sum(output_tokens), sum(cached_tokens), "
      + "sum(cache_write_tokens), sum(reasoning_tokens), sum(base_cost_micros), sum(charged_cost_micros)";
    List<String> raw = TestStorage.query("select concat_ws('|', " + aggregate.formatted(
      "count(*), count(*) filter (where status >= 400)") + ") from usage_log where created_at >= '" + day + "T00:00:00Z' and created_at < '" + day.plusDays(1) + "T00:00:00Z' "
      + "group by user_id, key_id, model order by 1");
    List<String> rolled = TestStorage.query("select concat_ws('|', " + aggregate.replace("sum(", "(")
      .formatted("requests, errors") + ") from usage_daily where day = '" + day + "' order by 1");
    assertEquals(6, raw.size());
    assertEquals(raw, rolled);
    assertEquals(List.of("30"), TestStorage.query("select sum(requests) from usage_daily"));
    pool.close().await();
    vertx.undeploy(id).await();
  }

  @Test
  void aVeryLongModelNameDoesNotBreakTheRollup(Vertx vertx) throws Exception {
    LocalDate day = TODAY.minusDays(1);
    // 3,200 characters that do not compress: past what one btree entry of usage_daily's key may hold
    String longName = TestStorage.query("select string_agg(md5(i::text), '') from generate_series(1, 100) i").get(0);
    String id = RecorderDeployment.deploy(vertx, RecorderDeployment.config(TestStorage.postgresUrl(), 10, 20));
    long at = day.atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    vertx.eventBus().send(Addresses.USAGE_RECORD, RecorderDeployment.record("long", 1, 0, "default", longName,
      new Usage(7, 1, 0, 0, 0), at, false));
    send(vertx, "plain", day, 5);
    TestStorage.awaitRows("select 1 from usage_log", 2);
    Pool pool = Databases.postgres(vertx, TestStorage.postgresUrl(), 2);

    assertEquals(2, new RollupStore(pool).recompute(day).await());

    assertEquals(List.of("256|7", "11|5"), TestStorage.query("select length(model) || '|' || input_tokens "
      + "from usage_daily order by length(model) desc"));
    pool.close().await();
    vertx.undeploy(id).await();
  }

  private static void send(Vertx vertx, String requestId, LocalDate day, long input) {
    vertx.eventBus().send(Addresses.USAGE_RECORD, RecorderDeployment.record(requestId, 1, 0, "default",
      "gpt-4o-mini", new Usage(input, 1, 0, 0, 0), day.atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli(), false));
  }
}

package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.QuotaReset;
import io.switchboard.api.Usage;
import io.switchboard.store.Databases;
import io.switchboard.store.QuotaKeys;
import io.switchboard.store.QuotaStore;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows carry base and charged cost (model prices x group ratio x user multiplier), flag unpriced models and
 * estimates; what is new is charged once to the key's spend, the user's balance (with history) and the Redis
 * counters.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class UsageChargingTest {
  private long ann;
  private long annKey;

  @BeforeEach
  void seed() throws Exception {
    TestStorage.query("insert into model_prices (model, input_micros, output_micros, cache_write_micros, "
      + "cache_read_micros) values ('gpt-4o-mini', 150000, 600000, 0, 75000) returning model");
    TestStorage.query("insert into user_groups (name, ratio_ppm) values ('gold', 500000) returning name");
    ann = Long.parseLong(TestStorage.query("insert into users (username, password_hash, group_name, "
      + "price_multiplier_ppm, balance_micros) values ('ann', 'x', 'gold', 1200000, 1000) returning id").get(0));
    annKey = Long.parseLong(TestStorage.query("insert into api_keys (name, key_hash, display_prefix, user_id) values "
      + "('ann-key', repeat('a', 64), 'sb-…aaaa', " + ann + ") returning id").get(0));
  }

  @Test
  void rowsArePricedAndChargedOnce(Vertx vertx) throws Exception {
    Redis redis = Databases.redis(vertx, TestStorage.redisUrl());
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    redis.send(Request.cmd(Command.SET).arg(QuotaKeys.balance(ann)).arg("1000")).await();
    redis.send(Request.cmd(Command.SET).arg(QuotaKeys.daySpend(ann, today)).arg("7")).await();
    String id = RecorderDeployment.deploy(vertx, RecorderDeployment.config(TestStorage.postgresUrl(), 100, 50));
    long now = System.currentTimeMillis();
    double unpricedBefore = unpricedCount();
    // 800 uncached x 0.15 + 200 cached x 0.075 + 500 out x 0.60 (per million, micro-units) = 435; x 0.5 x 1.2 = 261
    send(vertx, RecorderDeployment.record("r1", annKey, ann, "gold", "gpt-4o-mini", new Usage(1000, 500, 200, 0, 100),
      now, false));
    send(vertx, RecorderDeployment.record("r2", annKey, ann, "gold", "mystery-model", new Usage(10, 10, 0, 0, 0),
      now, false));
    send(vertx, RecorderDeployment.record("r3", annKey, ann, "gold", "gpt-4o-mini", new Usage(100, 0, 0, 0, 0), now,
      true)); // 15 base, 9 charged
    send(vertx, RecorderDeployment.record("r1", annKey, ann, "gold", "gpt-4o-mini", new Usage(1000, 500, 200, 0, 100),
      now, false)); // a replay: no second charge

    assertEquals(List.of("r1|435|261|f|f", "r2|0|0|t|f", "r3|15|9|f|t"), TestStorage.awaitRows(
      "select concat_ws('|', request_id, base_cost_micros, charged_cost_micros, price_missing, estimated) "
        + "from usage_log order by request_id", 3));
    Thread.sleep(300); // the replayed r1 has had its flush
    assertEquals(List.of("270"), TestStorage.query("select spent_micros from api_keys where id = " + annKey));
    assertEquals(List.of("730"), TestStorage.query("select balance_micros from users where id = " + ann));
    assertEquals(List.of("1000|730|-270|usage"), TestStorage.query("select concat_ws('|', before_micros, "
      + "after_micros, delta_micros, reason) from quota_history where user_id = " + ann));
    // the counters in Redis move once the rows are committed
    assertEquals("730", awaitValue(redis, QuotaKeys.balance(ann), "730"));
    assertEquals("277", awaitValue(redis, QuotaKeys.daySpend(ann, today), "277"));
    assertEquals(null, redis.send(Request.cmd(Command.GET).arg(QuotaKeys.keySpend(annKey))).await(),
      "a missing counter stays missing: it is rebuilt from PostgreSQL when read");
    assertEquals(1.0, unpricedCount() - unpricedBefore);
    vertx.undeploy(id).await();
  }

  @Test
  void aNewPriceAppliesAfterConfigChanged(Vertx vertx) throws Exception {
    String id = RecorderDeployment.deploy(vertx, RecorderDeployment.config(TestStorage.postgresUrl(), 1, 50));
    long now = System.currentTimeMillis();
    send(vertx, RecorderDeployment.record("a", annKey, 0, "default", "gpt-4o-mini", new Usage(0, 1000, 0, 0, 0), now,
      false));
    TestStorage.awaitRows("select 1 from usage_log", 1);
    TestStorage.query("update model_prices set output_micros = 1200000 returning model");
    vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.PRICE, null));
    Thread.sleep(100);
    send(vertx, RecorderDeployment.record("b", annKey, 0, "default", "gpt-4o-mini", new Usage(0, 1000, 0, 0, 0), now,
      false));
    assertEquals(List.of("a|600", "b|1200"), TestStorage.awaitRows(
      "select request_id || '|' || charged_cost_micros from usage_log order by request_id", 2));
    vertx.undeploy(id).await();
  }

  @Test
  void theDailyResetTakesUsersOffFallback(Vertx vertx) throws Exception {
    TestStorage.query("update users set fallback_since = now() returning id");
    String id = RecorderDeployment.deploy(vertx, RecorderDeployment.config(TestStorage.postgresUrl(), 1, 50)
      .put("quotaTimeZone", "Europe/Berlin"));
    QuotaReset reply = vertx.eventBus().<QuotaReset>request(Addresses.QUOTA_RESET, new QuotaReset(null, 0)).await()
      .body();
    assertEquals(1, reply.usersReset());
    assertEquals(java.time.LocalDate.now(java.time.ZoneId.of("Europe/Berlin")).minusDays(1).toString(), reply.day());
    assertEquals(List.of("true"), TestStorage.query("select (fallback_since is null)::text from users"));
    vertx.undeploy(id).await();
  }

  @Test
  void aTopUpMovesTheBalanceAndWritesHistoryInOneTransaction(Vertx vertx) throws Exception {
    Pool pool = Databases.postgres(vertx, TestStorage.postgresUrl(), 1);
    QuotaStore quotas = new QuotaStore(pool);
    QuotaStore.BalanceChange change = quotas.adjust(ann, 5000, "top-up", "admin:root").await();
    assertEquals(new QuotaStore.BalanceChange(ann, 1000, 6000), change);
    assertEquals(List.of("1000|6000|5000|top-up|admin:root"), TestStorage.query("select concat_ws('|', "
      + "before_micros, after_micros, delta_micros, reason, actor) from quota_history"));
    try {
      quotas.adjust(ann + 99, 1, "top-up", "admin:root").await();
    } catch (IllegalArgumentException expected) {
      assertEquals("no user with id " + (ann + 99), expected.getMessage());
    }
    assertEquals(1, TestStorage.query("select id from quota_history").size());
    pool.close().await();
  }

  /** The key's value once it is {@code expected}, or as it is after 10 s. */
  private static String awaitValue(Redis redis, String key, String expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    String value = String.valueOf(redis.send(Request.cmd(Command.GET).arg(key)).await());
    while (!expected.equals(value) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      value = String.valueOf(redis.send(Request.cmd(Command.GET).arg(key)).await());
    }
    return value;
  }

  private static void send(Vertx vertx, io.switchboard.api.UsageRecord record) {
    vertx.eventBus().send(Addresses.USAGE_RECORD, record);
  }

  private static double unpricedCount() {
    var counter = GatewayMetrics.registry().find("sb.usage.unpriced").tag("model", "mystery-model").counter();
    return counter == null ? 0 : counter.count();
  }
}

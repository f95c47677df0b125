package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Usage;
import io.switchboard.store.Databases;
import io.switchboard.store.PricedUsage;
import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaKeys;
import io.switchboard.store.QuotaStore;
import io.switchboard.store.QuotaStore.CounterRead;
import io.switchboard.store.SpendCounterCache;
import io.switchboard.store.UsageStore;
import io.switchboard.store.UsageStore.Written;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A spend counter rebuilt from PostgreSQL while the recorder charges the same user ends equal to PostgreSQL in
 * either order of the writes, the read and the Redis calls (driven here step by step, as two nodes could
 * interleave them); a row replayed after midnight moves its own day's counter, never today's.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class SpendCounterRacesTest {
  private static final QuotaDay UTC = QuotaDay.of("UTC", "usage.quotaTimeZone");
  private Pool pool;
  private Redis redis;
  private UsageStore store;
  private QuotaStore quotas;
  private SpendCounterCache cache;
  private SpendCounters counters;
  private String today;
  private int rows;

  @BeforeEach
  void open(Vertx vertx) throws Exception {
    TestStorage.execute("insert into user_groups (name) values ('default') on conflict do nothing");
    TestStorage.execute("insert into users (id, username, password_hash, balance_micros) values (41, 'ann', 'x', 1000)");
    TestStorage.execute("insert into api_keys (id, name, key_hash, display_prefix, user_id) values "
      + "(42, 'ann-key', repeat('a', 64), 'sb-…aaaa', 41)");
    pool = Databases.postgres(vertx, TestStorage.postgresUrl(), 2);
    redis = Databases.redis(vertx, TestStorage.redisUrl());
    store = new UsageStore(pool);
    quotas = new QuotaStore(pool);
    cache = new SpendCounterCache(redis);
    counters = new SpendCounters(cache, UTC);
    today = UTC.todayName();
  }

  @AfterEach
  void close() {
    pool.close().await();
    redis.close().await();
  }

  @Test
  void aChargeWrittenAfterTheRebuildsReadIsAddedOnce() throws Exception {
    String counter = QuotaKeys.daySpend(41, today);
    write(5); // before the rebuild: the read sees it
    String token = cache.begin(counter).await();
    CounterRead read = quotas.spendSinceRead(41, UTC.startOfToday()).await();
    counters.charge(write(7)).await(); // the counter is missing: the charge waits for the rebuild

    assertTrue(cache.finish(counter, token, read, 60_000).await());

    assertEquals(12L, counter(counter));
    assertEquals(12L, truthToday());
  }

  @Test
  void aChargeTheRebuildsReadAlreadySawIsNotAddedAgain() throws Exception {
    String counter = QuotaKeys.daySpend(41, today);
    String balance = QuotaKeys.balance(41);
    String keySpend = QuotaKeys.keySpend(42);
    String dayToken = cache.begin(counter).await();
    String balanceToken = cache.begin(balance).await();
    String keyToken = cache.begin(keySpend).await();
    Written written = write(7); // committed before the reads...
    assertTrue(cache.finish(counter, dayToken, quotas.spendSinceRead(41, UTC.startOfToday()).await(), 60_000).await());
    assertTrue(cache.finish(balance, balanceToken, quotas.balanceRead(41).await(), 60_000).await());
    assertTrue(cache.finish(keySpend, keyToken, quotas.keySpendRead(42).await(), 60_000).await());
    counters.charge(written).await(); // ...and charged in Redis only after them

    assertEquals(7L, counter(counter));
    assertEquals(993L, counter(balance));
    assertEquals(7L, counter(keySpend));
    counters.charge(write(3)).await(); // later charges move the counters as before
    assertEquals(10L, counter(counter));
    assertEquals(990L, counter(balance));
    assertEquals(10L, counter(keySpend));
  }

  @Test
  void anInvalidationDuringARebuildMakesItStartOver() throws Exception {
    String balance = QuotaKeys.balance(41);
    String token = cache.begin(balance).await();
    CounterRead read = quotas.balanceRead(41).await();
    TestStorage.execute("update users set balance_micros = 5000 where id = 41"); // a top-up after the read
    cache.invalidate(List.of(balance)).await();

    assertEquals(false, cache.finish(balance, token, read, 60_000).await(), "the read before the top-up is stale");
    assertEquals(null, redis.send(Request.cmd(Command.GET).arg(balance)).await());
    assertTrue(cache.rebuild(balance, () -> quotas.balanceRead(41), 60_000).await());
    assertEquals(5000L, counter(balance));
  }

  @Test
  void aRowReplayedAfterMidnightMovesItsOwnDaysCounter() throws Exception {
    String yesterday = UTC.today().minusDays(1).toString();
    redis.send(Request.cmd(Command.SET).arg(QuotaKeys.daySpend(41, today)).arg("0")).await();
    redis.send(Request.cmd(Command.SET).arg(QuotaKeys.daySpend(41, yesterday)).arg("0")).await();

    counters.charge(write(4, System.currentTimeMillis() - 86_400_000L)).await();

    assertEquals(0L, counter(QuotaKeys.daySpend(41, today)));
    assertEquals(4L, counter(QuotaKeys.daySpend(41, yesterday)));
    assertEquals(0L, truthToday());
  }

  private Written write(long charged) {
    return write(charged, System.currentTimeMillis());
  }

  /** Writes one row of user 41's key 42 that charged {@code charged}, started at {@code atMs}. */
  private Written write(long charged, long atMs) {
    rows++;
    PricedUsage row = new PricedUsage(RecorderDeployment.record("race-" + rows, 42, 41, "default", "gpt-4o-mini",
      new Usage(10, 10, 0, 0, 0), atMs, false), charged, charged, false);
    return store.insert(List.of(row), false).await();
  }

  private long counter(String name) {
    Response value = redis.send(Request.cmd(Command.GET).arg(name)).await();
    return value == null ? -1 : value.toLong();
  }

  private long truthToday() throws Exception {
    return Long.parseLong(TestStorage.query("select coalesce(sum(charged_cost_micros), 0) from usage_log "
      + "where user_id = 41 and created_at >= current_date::timestamp at time zone 'UTC'").get(0));
  }
}

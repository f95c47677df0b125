package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.LIMITED_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.store.Databases;
import io.switchboard.store.QuotaKeys;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis stops in the middle of the load and starts again, empty. Meanwhile the keys with limits or quotas get 503
 * in their client's dialect (auth.onRedisOutage: reject), keys without any run on, admin sign-in answers 503, and
 * no request hangs. Afterwards the spend counters Redis rebuilt under load equal what PostgreSQL says, and a row
 * replayed from yesterday has not moved today's.
 */
class RedisOutageTest extends AdminTest {
  private static final int OUTAGE = 1;
  private static final int AFTER = 2;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<Integer, List<Integer>> statuses = new ConcurrentHashMap<>();
  private volatile int phase;
  private long user;
  private long key;

  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("usage", new JsonObject().put("flushIntervalMs", 50));
  }

  @AfterEach
  void redisIsBack() {
    running.set(false);
    if (phase == OUTAGE) {
      TestStorage.startRedis(); // a failed test leaves the shared Redis running for the next
    }
  }

  @Test
  void limitedKeysGet503AndTheCountersEqualPostgresAfterwards() throws Exception {
    seedQuotaUser();
    List<Future<Void>> loads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      loads.add(load(CLIENT_KEY));
    }
    awaitStatus(0, 200, 5);

    TestStorage.stopRedis();
    phase = OUTAGE;
    awaitStatus(OUTAGE, 503, 5);
    assertEquals(200, gw.post("/v1/chat/completions", LIMITED_KEY, chat(MODEL, false, null))
      .await(10, TimeUnit.SECONDS).status(), "a key without limits needs no Redis");
    Reply anthropic = gw.exchange(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages")
      .putHeader("content-type", "application/json").putHeader("x-api-key", CLIENT_KEY)
      .putHeader("anthropic-version", "2023-06-01"), Buffer.buffer("{\"model\":\"" + MODEL + "\",\"max_tokens\":16,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).await(10, TimeUnit.SECONDS);
    assertEquals(503, anthropic.status(), anthropic.body().toString());
    assertEquals("error", anthropic.json().getString("type"));
    Reply signIn = admin.post("/admin/auth/login", null, new JsonObject().put("username", "admin")
      .put("password", AdminClient.ADMIN_PASSWORD));
    assertEquals(503, signIn.status(), signIn.body().toString());
    assertEquals("5", signIn.headers().get("retry-after"));

    String metrics = gw.get("/metrics", null).await(10, TimeUnit.SECONDS).body().toString();
    assertTrue(metrics.contains("sb_refused_total{reason=\"redis_outage\"}"), "refusals are visible");
    assertTrue(metrics.contains("sb_storage_errors_total{role=\"auth\",store=\"redis\"}"), "Redis errors too");

    TestStorage.startRedis();
    phase = AFTER;
    awaitStatus(AFTER, 200, 20);
    running.set(false);
    Future.all(loads).await(20, TimeUnit.SECONDS); // no request hangs
    assertEquals(List.of(), statuses.values().stream().flatMap(List::stream)
      .filter(status -> status != 200 && status != 503).toList(), "only answers or refusals");
    assertEquals(200, admin.post("/admin/auth/login", null, new JsonObject().put("username", "admin")
      .put("password", AdminClient.ADMIN_PASSWORD)).status());

    // a row the spool replays after midnight: yesterday's spend, not today's
    gw.vertx.eventBus().send(Addresses.USAGE_RECORD, new UsageRecord("from-yesterday", key, null, MODEL, MODEL,
      new Usage(500, 500, 0, 0, 0), 200, 10, 5, false, "ok", user, "default", false,
      System.currentTimeMillis() - 86_400_000L, false));
    assertCountersEqualPostgres();
  }

  private void seedQuotaUser() throws Exception {
    TestStorage.execute("insert into model_prices (model, input_micros, output_micros) values ('" + MODEL
      + "', 1000000, 1000000) on conflict (model) do update set input_micros = excluded.input_micros,"
      + " output_micros = excluded.output_micros, cache_read_micros = 0, cache_write_micros = 0");
    TestStorage.execute("insert into user_groups (name) values ('default') on conflict do nothing");
    user = Long.parseLong(TestStorage.query("insert into users (username, password_hash, balance_micros, "
      + "daily_quota_micros) values ('ann', 'x', 1000000000, 1000000000) returning id").get(0));
    key = Long.parseLong(TestStorage.query("update api_keys set user_id = " + user
      + ", budget_micros = 1000000000 where name = 'client' returning id").get(0));
  }

  /** Requests one after another with {@code apiKey} until the test ends, noting each status under its phase. */
  private Future<Void> load(String apiKey) {
    if (!running.get()) {
      return Future.succeededFuture();
    }
    int during = phase;
    return gw.post("/v1/chat/completions", apiKey, chat(MODEL, false, null))
      .compose(reply -> {
        statuses.computeIfAbsent(during, p -> new CopyOnWriteArrayList<>()).add(reply.status());
        return gw.vertx.timer(5).compose(v -> load(apiKey));
      });
  }

  private void awaitStatus(int during, int status, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (seen(during, status) < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(seen(during, status) >= count, "phase " + during + ": " + statuses.get(during));
  }

  private long seen(int during, int status) {
    return statuses.getOrDefault(during, List.of()).stream().filter(s -> s == status).count();
  }

  /**
   * Once the recorder has written everything, each spend counter Redis holds is what PostgreSQL holds. The usage
   * role deletes the counters its charges could not move during the outage as soon as its own Redis connection is
   * back, which may be after the load's last admission rebuilt them: a counter missing then is rebuilt from
   * PostgreSQL by the next admission, so one more request is sent, and it must come out equal.
   */
  private void assertCountersEqualPostgres() throws Exception {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    Redis redis = Databases.redis(gw.vertx, TestStorage.redisUrl());
    try {
      List<String> expected = List.of();
      List<String> actual = List.of("unsettled");
      long deadline = System.currentTimeMillis() + 15_000;
      while (!actual.equals(expected) && System.currentTimeMillis() < deadline) {
        if (actual.contains("missing")) {
          assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null))
            .await(10, TimeUnit.SECONDS).status(), "the request that rebuilds the counters");
        }
        Thread.sleep(100);
        expected = List.of(
          TestStorage.query("select coalesce(sum(charged_cost_micros), 0) from usage_log where user_id = " + user
            + " and created_at >= current_date::timestamp at time zone 'UTC'").get(0),
          TestStorage.query("select balance_micros from users where id = " + user).get(0),
          TestStorage.query("select spent_micros from api_keys where id = " + key).get(0));
        actual = List.of(value(redis, QuotaKeys.daySpend(user, today)), value(redis, QuotaKeys.balance(user)),
          value(redis, QuotaKeys.keySpend(key)));
      }
      assertEquals(expected, actual, "day spend, balance and key spend: PostgreSQL, then Redis");
      assertTrue(Long.parseLong(expected.get(2)) > Long.parseLong(expected.get(0)), "yesterday's row is charged to "
        + "the key, not to today");
    } finally {
      redis.close().await();
    }
  }

  private static String value(Redis redis, String name) {
    Response value = redis.send(Request.cmd(Command.GET).arg(name)).await();
    return value == null ? "missing" : value.toString();
  }
}

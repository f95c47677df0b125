package io.switchboard.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.CronJobList;
import io.switchboard.api.CronRunRequest;
import io.switchboard.api.CronRunResult;
import io.switchboard.api.MessageCodecs;
import io.switchboard.testkit.TestStorage;
import io.switchboard.store.StorageSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Jobs run on their schedule once per cluster per tick, by hand on request, and every run is logged. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class CronVerticleTest {
  private final List<JsonObject> delivered = new CopyOnWriteArrayList<>();
  private final AtomicInteger refusalsLeft = new AtomicInteger();
  private volatile long answerDelayMs;

  private HttpServer webhookReceiver(Vertx vertx) {
    return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (refusalsLeft.getAndDecrement() > 0) {
        request.response().setStatusCode(500).end();
        return;
      }
      delivered.add(body.toJsonObject());
      vertx.setTimer(Math.max(1, answerDelayMs), t -> request.response().setStatusCode(204).end());
    })).listen(0, "127.0.0.1").await();
  }

  private static String deploy(Vertx vertx, int instances, String schedule, int webhookPort) {
    MessageCodecs.register(vertx);
    JsonObject config = new JsonObject()
      .put("postgres", new JsonObject().put("url", TestStorage.postgresUrl()))
      .put("redis", new JsonObject().put("url", TestStorage.redisUrl()))
      .put("timeZone", "Europe/Berlin")
      .put("keyExpiry", new JsonObject().put("webhookUrl", "http://127.0.0.1:" + webhookPort + "/hook")
        .put("daysAhead", 7).put("retryPauseMs", 50))
      .put("jobs", new JsonObject().put("key-expiry-reminders", new JsonObject().put("schedule", schedule)));
    return vertx.deployVerticle(CronVerticle::new, new DeploymentOptions().setInstances(instances).setConfig(config))
      .await();
  }

  private static void keyExpiringIn(String name, String interval) throws Exception {
    TestStorage.query("insert into api_keys (name, key_hash, display_prefix, expires_at) values ('" + name + "', md5('"
      + name + "') || md5('" + name + "x'), 'sb-…" + name + "', now() + interval '" + interval + "') returning id");
  }

  @Test
  void twoInstancesRunAScheduledJobOncePerTick(Vertx vertx) throws Exception {
    HttpServer server = webhookReceiver(vertx);
    keyExpiringIn("soon", "2 days");
    keyExpiringIn("later", "30 days");
    String id = deploy(vertx, 2, "* * * * * *", server.actualPort()); // every second, on two instances

    List<String> ticks = TestStorage.awaitRows("select tick from cron_runs where outcome <> 'running'", 3);
    vertx.undeploy(id).await();

    assertTrue(TestStorage.query("select tick from cron_runs group by tick having count(*) > 1").isEmpty(),
      "each tick ran once: " + ticks);
    assertEquals(List.of("schedule"), TestStorage.query("select distinct trigger from cron_runs"));
    assertEquals(List.of("ok"), TestStorage.query("select distinct outcome from cron_runs"));
    assertEquals(1, delivered.size(), "the expiring key was announced once: " + delivered);
    JsonObject message = delivered.get(0);
    assertEquals("keys.expiring", message.getString("event"));
    assertEquals(1, message.getJsonArray("keys").size());
    assertEquals("soon", message.getJsonArray("keys").getJsonObject(0).getString("name"));
    assertEquals(List.of("soon"), TestStorage.query("select name from api_keys where expiry_reminded_at is not null"));
  }

  @Test
  void aSlowRunIsNotOverlappedByTheNextTicks(Vertx vertx) throws Exception {
    HttpServer server = webhookReceiver(vertx);
    answerDelayMs = 1500; // the run outlasts the next tick
    keyExpiringIn("soon", "2 days");
    String id = deploy(vertx, 2, "* * * * * *", server.actualPort());

    TestStorage.awaitRows("select id from cron_runs where outcome <> 'running'", 2);
    vertx.undeploy(id).await();

    assertEquals(1, delivered.size(), "a tick during the slow run did not start a second one: " + delivered);
    assertTrue(TestStorage.query("""
        select a.id from cron_runs a join cron_runs b on a.id < b.id
        where b.started_at < coalesce(a.finished_at, now())""").isEmpty(), "no two runs overlapped");
  }

  @Test
  void anAdminRunsAJobByHandAndARefusedWebhookIsTriedAgain(Vertx vertx) throws Exception {
    HttpServer server = webhookReceiver(vertx);
    keyExpiringIn("soon", "1 day");
    refusalsLeft.set(1);
    deploy(vertx, 1, "0 0 1 1 *", server.actualPort()); // next new year: never during the test

    CronRunResult result = vertx.eventBus().<CronRunResult>request(Addresses.CRON_RUN,
      new CronRunRequest("key-expiry-reminders", "admin")).await().body();

    assertTrue(result.ok(), result.detail());
    assertEquals("reminded of 1 expiring key(s)", result.detail());
    assertEquals(1, delivered.size(), "delivered on the second attempt");
    assertEquals(List.of("manual|ok|reminded of 1 expiring key(s)"),
      TestStorage.query("select trigger || '|' || outcome || '|' || detail from cron_runs where id = " + result.runId()));
  }

  /** Another role on the same shared PostgreSQL pool, deployed first: the pool's first opener. */
  private static final class PoolNeighbour extends VerticleBase {
    private Pool pool;

    @Override
    public Future<?> start() {
      pool = StorageSettings.from("neighbour", config()).postgres(vertx);
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      return pool.close();
    }
  }

  @Test
  void aRunInFlightOutlivesTheUndeployOfAnotherRoleOnTheSamePool(Vertx vertx) throws Exception {
    HttpServer server = webhookReceiver(vertx);
    answerDelayMs = 500; // the run waits for the webhook while the neighbour goes
    keyExpiringIn("soon", "1 day");
    String neighbour = vertx.deployVerticle(new PoolNeighbour(), new DeploymentOptions().setConfig(new JsonObject()
      .put("postgres", new JsonObject().put("url", TestStorage.postgresUrl()))
      .put("redis", new JsonObject().put("url", TestStorage.redisUrl())))).await();
    String cron = deploy(vertx, 1, "0 0 1 1 *", server.actualPort());

    Future<Message<CronRunResult>> run = vertx.eventBus().request(Addresses.CRON_RUN,
      new CronRunRequest("key-expiry-reminders", "admin"));
    TestStorage.awaitRows("select id from cron_runs where outcome = 'running'", 1);
    vertx.undeploy(neighbour).await();

    CronRunResult result = run.await().body();
    assertTrue(result.ok(), result.detail());
    assertEquals(List.of("ok"), TestStorage.query("select outcome from cron_runs"));
    vertx.undeploy(cron).await();
  }

  @Test
  void aWebhookThatNeverTakesItFailsTheRunAndTheKeyIsRemindedLater(Vertx vertx) throws Exception {
    HttpServer server = webhookReceiver(vertx);
    keyExpiringIn("soon", "1 day");
    refusalsLeft.set(100);
    deploy(vertx, 1, "0 0 1 1 *", server.actualPort());

    CronRunResult result = vertx.eventBus().<CronRunResult>request(Addresses.CRON_RUN,
      new CronRunRequest("key-expiry-reminders", "admin")).await().body();

    assertFalse(result.ok());
    assertEquals("webhook not delivered after 3 attempts: the webhook answered HTTP 500", result.detail());
    assertEquals(List.of("failed"), TestStorage.query("select outcome from cron_runs"));
    assertTrue(TestStorage.query("select name from api_keys where expiry_reminded_at is not null").isEmpty());
  }

  @Test
  void reenablingReturnsAccountsWhoseDisableRanOutAndAnnouncesThem(Vertx vertx) throws Exception {
    deploy(vertx, 1, "0 0 1 1 *", 9);
    String due = TestStorage.query("insert into accounts (name, provider, base_url, status, status_until) values"
      + " ('due', 'openai', 'http://127.0.0.1:9', 'disabled', now() - interval '1 second') returning id").get(0);
    TestStorage.query("insert into accounts (name, provider, base_url, status, status_until) values"
      + " ('later', 'openai', 'http://127.0.0.1:9', 'overloaded', now() + interval '1 hour') returning id");
    TestStorage.query("insert into accounts (name, provider, base_url, status) values"
      + " ('banned', 'openai', 'http://127.0.0.1:9', 'banned') returning id");
    List<ConfigChanged> announced = new CopyOnWriteArrayList<>();
    vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, m -> announced.add(m.body())).completion().await();

    CronRunResult result = vertx.eventBus().<CronRunResult>request(Addresses.CRON_RUN,
      new CronRunRequest("reenable-accounts", "admin")).await().body();

    assertTrue(result.ok(), result.detail());
    assertEquals("re-enabled accounts [" + due + "]", result.detail());
    assertEquals(List.of("banned|banned", "due|active", "later|overloaded"),
      TestStorage.query("select name || '|' || status from accounts order by name"));
    long deadline = System.currentTimeMillis() + 5000;
    while (announced.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(List.of(new ConfigChanged(ConfigChanged.ACCOUNT, Long.parseLong(due))), announced);
  }

  @Test
  void theRunLogKeepsItsRecentRunsOnly(Vertx vertx) throws Exception {
    deploy(vertx, 1, "0 0 1 1 *", 9);
    TestStorage.query("insert into cron_runs (job, tick, trigger, node, started_at, finished_at, outcome) values"
      + " ('quota-reset', now() - interval '40 days', 'schedule', 'n1', now() - interval '40 days',"
      + " now() - interval '40 days', 'ok'), ('quota-reset', now() - interval '2 days', 'schedule', 'n1',"
      + " now() - interval '2 days', now() - interval '2 days', 'ok') returning id");

    CronRunResult result = vertx.eventBus().<CronRunResult>request(Addresses.CRON_RUN,
      new CronRunRequest("run-log-retention", "admin")).await().body();

    assertTrue(result.ok(), result.detail());
    assertEquals("pruned 1 run(s) older than 30 days", result.detail());
    assertEquals(List.of("quota-reset|schedule", "run-log-retention|manual"),
      TestStorage.query("select job || '|' || trigger from cron_runs order by started_at"));
  }

  @Test
  void historyTablesKeepTheirConfiguredDaysOnly(Vertx vertx) throws Exception {
    deploy(vertx, 1, "0 0 1 1 *", 9);
    TestStorage.execute("insert into user_groups (name) values ('default');"
      + " insert into users (id, username, password_hash) values (1, 'olga', 'x');"
      + " insert into accounts (id, name, provider, base_url) values (1, 'acct', 'openai', 'http://127.0.0.1:9');"
      + " insert into rules (id, name, condition) values (1, 'r', '{}');");
    for (String age : List.of("400 days", "100 days", "2 days")) {
      TestStorage.execute("insert into audit_log (at, action) values (now() - interval '" + age + "', 'login');"
        + " insert into quota_history (user_id, before_micros, after_micros, delta_micros, reason, actor, at)"
        + " values (1, 0, 0, 0, 'topup', 'admin', now() - interval '" + age + "');"
        + " insert into rule_hits (rule_id, account_id, at, mode, status, evidence, matches)"
        + " values (1, 1, now() - interval '" + age + "', 'enforce', 500, 'e', 1);"
        + " insert into account_status_events (account_id, at, from_status, to_status)"
        + " values (1, now() - interval '" + age + "', 'active', 'invalid');");
    }

    List<String> details = new java.util.ArrayList<>();
    for (String job : List.of("audit-log-retention", "quota-history-retention", "rule-hits-retention",
      "account-status-events-retention")) {
      CronRunResult result = vertx.eventBus().<CronRunResult>request(Addresses.CRON_RUN,
        new CronRunRequest(job, "admin")).await().body();
      assertTrue(result.ok(), job + ": " + result.detail());
      details.add(result.detail());
    }

    assertEquals(List.of("pruned 1 audit_log row(s) older than 365 days",
      "pruned 1 quota_history row(s) older than 365 days", "pruned 2 rule_hits row(s) older than 90 days",
      "pruned 2 account_status_events row(s) older than 90 days"), details);
    assertEquals(List.of("2|2|1|1"), TestStorage.query("select concat_ws('|', (select count(*) from audit_log),"
      + " (select count(*) from quota_history), (select count(*) from rule_hits),"
      + " (select count(*) from account_status_events))"));
    CronJobList listed = vertx.eventBus().<CronJobList>request(Addresses.CRON_JOBS, "list").await().body();
    assertTrue(listed.jobs().stream().map(CronJobList.Job::name).toList().contains("audit-log-retention"),
      "on the jobs list");
  }

  @Test
  void storedResponsesPastTheirRetentionAreDeleted(Vertx vertx) throws Exception {
    deploy(vertx, 1, "0 0 1 1 *", 9);
    String key = TestStorage.query("insert into api_keys (name, key_hash, display_prefix) values ('k', repeat('a', 64),"
      + " 'sb-k') returning id").get(0);
    TestStorage.query("insert into stored_responses (key_id, id, created_at, model, input, response) values"
      + " (" + key + ", 'resp_old', now() - interval '31 days', 'm', '[]', '{}'),"
      + " (" + key + ", 'resp_new', now() - interval '29 days', 'm', '[]', '{}') returning id");

    CronRunResult result = vertx.eventBus().<CronRunResult>request(Addresses.CRON_RUN,
      new CronRunRequest("response-retention", "admin")).await().body();

    assertTrue(result.ok(), result.detail());
    assertEquals("deleted 1 stored response(s) older than 30 days", result.detail());
    assertEquals(List.of("resp_new"), TestStorage.query("select id from stored_responses"));
  }

  @Test
  void anUnknownJobOrABadScheduleIsNamed(Vertx vertx) {
    deploy(vertx, 1, "0 0 1 1 *", 9);
    ReplyException unknown = catchReply(vertx);
    assertEquals(404, unknown.failureCode());
    assertTrue(unknown.getMessage().startsWith("no cron job is called 'make-coffee'"), unknown.getMessage());

    Throwable bad = vertx.deployVerticle(new CronVerticle(), new DeploymentOptions().setConfig(new JsonObject()
        .put("postgres", new JsonObject().put("url", TestStorage.postgresUrl()))
        .put("redis", new JsonObject().put("url", TestStorage.redisUrl()))
        .put("jobs", new JsonObject().put("key-expiry-reminders", new JsonObject().put("schedule", "every day")))))
      .transform(done -> Future.succeededFuture(done.cause())).await();
    assertTrue(bad.getMessage().startsWith("cron.jobs.key-expiry-reminders.schedule: 'every day' is not a cron"),
      bad.getMessage());
  }

  private static ReplyException catchReply(Vertx vertx) {
    try {
      vertx.eventBus().request(Addresses.CRON_RUN, new CronRunRequest("make-coffee", "admin")).await();
      throw new AssertionError("an unknown job must be refused");
    } catch (ReplyException refused) {
      return refused;
    }
  }
}

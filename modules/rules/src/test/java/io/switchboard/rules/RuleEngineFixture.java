package io.switchboard.rules;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.Outcome;
import io.switchboard.api.ProviderKind;
import io.switchboard.store.Databases;
import io.switchboard.store.rules.RuleStore;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A rule engine on test storage, with helpers to write accounts and rules, publish outcomes and wait for rows. */
final class RuleEngineFixture {
  final Vertx vertx;
  final Pool pool;
  final RuleStore rules;
  /** Every ConfigChanged published on the bus while the fixture lives. */
  final List<ConfigChanged> announced = new CopyOnWriteArrayList<>();

  RuleEngineFixture(Vertx vertx) {
    this.vertx = vertx;
    MessageCodecs.register(vertx);
    this.pool = Databases.postgres(vertx, TestStorage.postgresUrl(), 2);
    this.rules = new RuleStore(pool);
    vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, m -> announced.add(m.body())).completion().await();
  }

  /** Deploys {@code instances} engine instances; {@code overrides} merge over a test config (no re-enable timer). */
  String deploy(int instances, JsonObject overrides) {
    JsonObject config = new JsonObject()
      .put("postgres", new JsonObject().put("url", TestStorage.postgresUrl()).put("poolSize", 2))
      .put("redis", new JsonObject().put("url", TestStorage.redisUrl()))
      .put("reenableIntervalMs", 0).put("alertBackoffMs", 50)
      .put("outcomeLog", new JsonObject().put("flushIntervalMs", 50).put("recordSuccesses", true))
      .mergeIn(overrides, true);
    return vertx.deployVerticle(RuleEngineVerticle::new, new DeploymentOptions().setInstances(instances)
      .setConfig(config)).await();
  }

  String deploy() {
    return deploy(1, new JsonObject());
  }

  static long account(String name, String provider, String... groups) throws Exception {
    String groupArray = "{" + String.join(",", groups.length == 0 ? new String[] {"default"} : groups) + "}";
    return Long.parseLong(TestStorage.query("insert into accounts (name, provider, base_url, groups) values ('"
      + name + "', '" + provider + "', 'http://127.0.0.1:1', '" + groupArray + "') returning id").get(0));
  }

  long rule(JsonObject definition) {
    return rules.insert(definition).await();
  }

  static JsonObject rule(String name, JsonObject condition, JsonObject... actions) {
    JsonArray list = new JsonArray();
    for (JsonObject action : actions) {
      list.add(action);
    }
    return new JsonObject().put("name", name).put("condition", condition).put("actions", list);
  }

  static JsonObject action(String type) {
    return new JsonObject().put("type", type);
  }

  static JsonObject status(int status) {
    return new JsonObject().put("type", "status").put("equals", status);
  }

  static Outcome outcome(String requestId, long accountId, int status, String body, long atEpochMs) {
    return new Outcome(requestId, accountId, ProviderKind.OPENAI, "gpt-4o-mini", status,
      status >= 400 ? ErrorClass.CLIENT_ERROR : null, 120, 40, Map.of("content-type", "application/json"), body,
      atEpochMs);
  }

  void publish(Outcome outcome) {
    vertx.eventBus().publish(Addresses.OUTCOME, outcome);
  }

  static String accountStatus(long id) throws Exception {
    return TestStorage.query("select status from accounts where id = " + id).get(0);
  }

  /** Polls a one-column query for up to 10 s until its rows satisfy the test; returns the last rows read. */
  static List<String> awaitQuery(String sql, Predicate<List<String>> test) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    List<String> rows = TestStorage.query(sql);
    while (!test.test(rows) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      rows = TestStorage.query(sql);
    }
    return rows;
  }

  static List<String> hits(long ruleId) throws Exception {
    return TestStorage.query("select concat_ws('|', account_id, request_id, status, evidence, matches, "
      + "array_to_string(actions, ',')) from rule_hits where rule_id = " + ruleId + " order by id");
  }

  void close() {
    pool.close().await();
  }
}

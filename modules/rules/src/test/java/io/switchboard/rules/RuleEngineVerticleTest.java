package io.switchboard.rules;

import static io.switchboard.rules.RuleEngineFixture.account;
import static io.switchboard.rules.RuleEngineFixture.accountStatus;
import static io.switchboard.rules.RuleEngineFixture.action;
import static io.switchboard.rules.RuleEngineFixture.awaitQuery;
import static io.switchboard.rules.RuleEngineFixture.hits;
import static io.switchboard.rules.RuleEngineFixture.outcome;
import static io.switchboard.rules.RuleEngineFixture.rule;
import static io.switchboard.rules.RuleEngineFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rules fire on published outcomes: actions on the account row, hits written, threshold, window and cooldown. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class RuleEngineVerticleTest {
  private static final long T0 = 1_700_000_000_000L;
  private RuleEngineFixture fixture;

  @BeforeEach
  void setUp(Vertx vertx) {
    fixture = new RuleEngineFixture(vertx);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void aFiringRuleDisablesTheAccountAnnouncesItAndRecordsTheHit() throws Exception {
    long account = account("a", "openai");
    long other = account("b", "openai");
    long rule = fixture.rule(rule("bad-key", new JsonObject().put("all", new JsonArray()
      .add(status(401)).add(new JsonObject().put("type", "bodyContains").put("text", "invalid api key"))),
      new JsonObject().put("type", "disable").put("status", "invalid"), action("log")));
    fixture.deploy();

    fixture.publish(outcome("req-ok", account, 401, "{\"error\":\"model not found\"}", T0)); // status alone: no
    fixture.publish(outcome("req-bad", account, 401, "{\"error\":\"Invalid API key\"}", T0 + 1));

    awaitQuery("select status from accounts where id = " + account, rows -> rows.equals(List.of("invalid")));
    assertEquals("invalid", accountStatus(account));
    assertEquals("active", accountStatus(other));
    assertEquals(List.of("rule bad-key: status 401; body contains \"invalid api key\""),
      TestStorage.query("select status_reason from accounts where id = " + account));
    assertEquals(List.of(""), TestStorage.query("select coalesce(status_until::text, '') from accounts where id = "
      + account), "no re-enable delay: out until an admin acts");
    awaitQuery("select 1 from rule_hits", rows -> rows.size() == 1);
    assertEquals(List.of(account + "|req-bad|401|status 401; body contains \"invalid api key\"|1|disable:invalid,log"),
      hits(rule));
    awaitQuery("select 1", rows -> fixture.announced.contains(new ConfigChanged(ConfigChanged.ACCOUNT, account)));
    assertTrue(fixture.announced.contains(new ConfigChanged(ConfigChanged.ACCOUNT, account)), fixture.announced.toString());
  }

  @Test
  void theThresholdCountsMatchesWithinTheWindowPerAccount() throws Exception {
    long a = account("a", "anthropic");
    long b = account("b", "anthropic");
    long rule = fixture.rule(rule("529s", status(529), new JsonObject().put("type", "disable").put("status", "overloaded"))
      .put("threshold", new JsonObject().put("count", 3).put("windowSeconds", 60)).put("reenableAfterSeconds", 120));
    fixture.deploy();

    // 3 matches on a, but never 3 within 60 s of each other (outcome times count, not arrival)
    fixture.publish(outcome("r1", a, 529, null, T0));
    fixture.publish(outcome("r2", a, 529, null, T0 + 50_000));
    fixture.publish(outcome("r3", a, 529, null, T0 + 110_001));
    // 2 on b plus a 503 and a replay of one of them: still under the threshold
    fixture.publish(outcome("r4", b, 529, null, T0));
    fixture.publish(outcome("r5", b, 503, null, T0 + 1));
    fixture.publish(outcome("r6", b, 529, null, T0 + 2));
    fixture.publish(outcome("r6", b, 529, null, T0 + 2));
    Thread.sleep(500);
    assertEquals(List.of(), hits(rule));
    assertEquals("active", accountStatus(a));
    assertEquals("active", accountStatus(b));

    fixture.publish(outcome("r7", b, 529, null, T0 + 3)); // the third distinct request within 60 s on b
    awaitQuery("select 1 from rule_hits", rows -> rows.size() == 1);
    assertEquals(List.of(b + "|r7|529|status 529|3|disable:overloaded until "), hits(rule).stream()
      .map(h -> h.substring(0, h.indexOf("until ") + 6)).toList());
    assertEquals("overloaded", accountStatus(b));
    assertEquals("active", accountStatus(a));
    List<String> until = TestStorage.query("select extract(epoch from status_until - now())::int from accounts where id = " + b);
    int seconds = Integer.parseInt(until.get(0));
    assertTrue(seconds > 100 && seconds <= 120, "status_until = now + 120 s, was now + " + seconds);
  }

  @Test
  void afterFiringTheRuleWaitsOutItsCooldown() throws Exception {
    long a = account("a", "openai");
    long rule = fixture.rule(rule("500s", status(500), action("log")).put("cooldownSeconds", 2));
    fixture.deploy();

    fixture.publish(outcome("r1", a, 500, null, T0));
    awaitQuery("select 1 from rule_hits", rows -> rows.size() == 1);
    fixture.publish(outcome("r2", a, 500, null, T0 + 1));
    fixture.publish(outcome("r3", a, 500, null, T0 + 2));
    Thread.sleep(500);
    assertEquals(1, hits(rule).size(), "matches during the cooldown do not fire");

    Thread.sleep(2_000); // the cooldown (2 s, a Redis key expiry) has passed
    fixture.publish(outcome("r4", a, 500, null, T0 + 3));
    assertEquals(2, awaitQuery("select 1 from rule_hits", rows -> rows.size() == 2).size());
    assertEquals(List.of("r1", "r4"), TestStorage.query("select request_id from rule_hits order by id"));
  }

  @Test
  void observeModeWritesHitsButLeavesTheAccountAlone() throws Exception {
    long a = account("a", "openai");
    long rule = fixture.rule(rule("watch", status(402), action("ban"), action("log")).put("mode", "observe"));
    fixture.deploy();

    fixture.publish(outcome("r1", a, 402, "{\"error\":\"payment required\"}", T0));

    awaitQuery("select 1 from rule_hits", rows -> rows.size() == 1);
    assertEquals(List.of(a + "|r1|402|status 402|1|would:ban,log"), hits(rule));
    assertEquals(List.of("observe"), TestStorage.query("select mode from rule_hits"));
    assertEquals("active", accountStatus(a));
  }

  @Test
  void scopeLimitsTheAccountsARuleWatches() throws Exception {
    long vip = account("vip", "openai", "default", "vip");
    long plain = account("plain", "openai");
    long bedrock = account("bedrock", "bedrock");
    long byGroup = fixture.rule(rule("vip-only", status(500), action("log"))
      .put("scope", new JsonObject().put("type", "group").put("group", "vip")));
    long byProvider = fixture.rule(rule("bedrock-only", status(500), action("log"))
      .put("scope", new JsonObject().put("type", "provider").put("provider", "bedrock")));
    long byAccount = fixture.rule(rule("plain-only", status(500), action("log"))
      .put("scope", new JsonObject().put("type", "account").put("accountId", plain)));
    fixture.deploy();

    for (long account : List.of(vip, plain, bedrock)) {
      fixture.publish(outcome("r-" + account, account, 500, null, T0));
    }

    awaitQuery("select 1 from rule_hits", rows -> rows.size() == 3);
    Thread.sleep(200);
    assertEquals(List.of(vip + "|r-" + vip + "|500|status 500|1|log"), hits(byGroup));
    assertEquals(List.of(bedrock + "|r-" + bedrock + "|500|status 500|1|log"), hits(byProvider));
    assertEquals(List.of(plain + "|r-" + plain + "|500|status 500|1|log"), hits(byAccount));
  }

  @Test
  void rulesReloadWhenARuleChangeIsAnnounced() throws Exception {
    long a = account("a", "openai");
    fixture.deploy();
    fixture.publish(outcome("r1", a, 418, null, T0));
    Thread.sleep(300);
    assertEquals(List.of(), TestStorage.query("select id from rule_hits"));

    long rule = fixture.rule(rule("teapot", status(418), action("log")));
    // outcomes heard right after an announcement wait for the rules it brings: no pause needed
    fixture.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.RULE, rule));
    fixture.publish(outcome("r2", a, 418, null, T0 + 1));

    awaitQuery("select 1 from rule_hits", rows -> rows.size() == 1);
    assertEquals(List.of(a + "|r2|418|status 418|1|log"), hits(rule));

    JsonObject disabled = fixture.rules.find(rule).await().put("enabled", false);
    fixture.rules.update(rule, disabled).await();
    fixture.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.RULE, rule));
    fixture.publish(outcome("r3", a, 418, null, T0 + 2));
    Thread.sleep(300);
    assertEquals(1, hits(rule).size(), "a disabled rule no longer fires");
  }
}

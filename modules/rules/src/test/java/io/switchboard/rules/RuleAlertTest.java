package io.switchboard.rules;

import static io.switchboard.rules.RuleEngineFixture.account;
import static io.switchboard.rules.RuleEngineFixture.accountStatus;
import static io.switchboard.rules.RuleEngineFixture.awaitQuery;
import static io.switchboard.rules.RuleEngineFixture.hits;
import static io.switchboard.rules.RuleEngineFixture.outcome;
import static io.switchboard.rules.RuleEngineFixture.rule;
import static io.switchboard.rules.RuleEngineFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.ConfigChanged;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Alert webhooks reach a real HTTP server (retried after a 500), and several engine instances fire once. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class RuleAlertTest {
  private static final long T0 = 1_700_000_000_000L;
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failFirst = new AtomicInteger();
  private RuleEngineFixture fixture;
  private HttpServer webhook;

  @BeforeEach
  void setUp(Vertx vertx) {
    fixture = new RuleEngineFixture(vertx);
    webhook = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(body.toJsonObject());
      request.response().setStatusCode(failFirst.getAndDecrement() > 0 ? 500 : 204).end();
    })).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void tearDown() {
    webhook.close().await();
    fixture.close();
  }

  private String hookUrl() {
    return "http://127.0.0.1:" + webhook.actualPort() + "/hooks/secret-token-123";
  }

  @Test
  void theAlertIsPostedAndRetriedAfterA500() throws Exception {
    long a = account("a", "openai");
    long rule = fixture.rule(rule("quota", status(429), new JsonObject().put("type", "alert").put("url", hookUrl())));
    failFirst.set(1);
    fixture.deploy();

    fixture.publish(outcome("r1", a, 429, "{\"error\":{\"code\":\"insufficient_quota\"}}", T0));

    awaitQuery("select 1", rows -> received.size() >= 2);
    Thread.sleep(300);
    assertEquals(2, received.size(), "one failed delivery (500), one retry (204), then no more");
    assertEquals(received.get(0), received.get(1));
    JsonObject alert = received.get(1);
    assertEquals(new JsonObject().put("event", "rule.fired")
      .put("rule", new JsonObject().put("id", rule).put("name", "quota").put("mode", "enforce"))
      .put("accountId", a).put("provider", "openai").put("model", "gpt-4o-mini").put("requestId", "r1")
      .put("status", 429).put("errorClass", "client_error").put("evidence", "status 429").put("matches", 1)
      .put("windowSeconds", 60).put("actions", new JsonArray().add("alert")).put("at", "2023-11-14T22:13:20Z"), alert);
    assertEquals(List.of(a + "|r1|429|status 429|1|alert"), hits(rule));
  }

  @Test
  void twoEngineInstancesSeeingTheSameOutcomesFireOnce() throws Exception {
    long a = account("a", "anthropic");
    long rule = fixture.rule(rule("529s", status(529), new JsonObject().put("type", "disable").put("status", "overloaded"),
      new JsonObject().put("type", "alert").put("url", hookUrl()))
      .put("threshold", new JsonObject().put("count", 3).put("windowSeconds", 60)).put("reenableAfterSeconds", 60));
    fixture.deploy(2, new JsonObject());

    for (int i = 1; i <= 5; i++) {
      fixture.publish(outcome("r" + i, a, 529, null, T0 + i));
    }

    awaitQuery("select 1 from rule_hits", rows -> rows.size() >= 1);
    awaitQuery("select 1", rows -> received.size() >= 1);
    Thread.sleep(500);
    assertEquals(1, hits(rule).size(), "both instances counted every outcome; the rule fired once: " + hits(rule));
    assertEquals(1, received.size(), "one alert");
    assertEquals("overloaded", accountStatus(a));
    assertEquals(1, fixture.announced.stream().filter(c -> c.equals(new ConfigChanged(ConfigChanged.ACCOUNT, a))).count());
    // two instances take outcomes in any order: whichever match completes three in the window fires
    assertEquals(List.of("3"), TestStorage.query("select matches from rule_hits"));
    assertEquals(List.of("5"), awaitQuery("select count(*) from outcome_log", rows -> rows.equals(List.of("5"))),
      "each outcome recorded once for dry-runs although both instances wrote it");
  }
}

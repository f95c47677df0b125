package io.switchboard.rules;

import static io.switchboard.rules.RuleEngineFixture.account;
import static io.switchboard.rules.RuleEngineFixture.outcome;
import static io.switchboard.rules.RuleEngineFixture.rule;
import static io.switchboard.rules.RuleEngineFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ErrorClass;
import io.switchboard.api.Outcome;
import io.switchboard.api.ProviderKind;
import io.switchboard.store.rules.InvalidRuleException;
import io.switchboard.store.rules.OutcomeLogStore;
import io.switchboard.store.rules.RuleHit;
import io.switchboard.store.rules.RuleHitStore;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rule, hit and outcome-log stores on real PostgreSQL. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class RuleStoresTest {
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
  void aRuleRoundTripsAsItsDefinitionAndInvalidOnesAreRefused() {
    JsonObject definition = rule("r", status(500), new JsonObject().put("type", "alert").put("url", "https://h/x"))
      .put("description", "d").put("mode", "observe").put("scope", new JsonObject().put("type", "group").put("group", "vip"))
      .put("threshold", new JsonObject().put("count", 2).put("windowSeconds", 30)).put("cooldownSeconds", 5)
      .put("reenableAfterSeconds", 600);
    long id = fixture.rule(definition);

    JsonObject stored = fixture.rules.find(id).await();
    assertEquals(definition.copy().put("id", id).put("enabled", true).put("builtin", false), stored);
    assertEquals(List.of(stored), fixture.rules.list().await());

    JsonObject bad = definition.copy().put("condition", new JsonObject().put("type", "header").put("name", "x")
      .put("regex", "*"));
    InvalidRuleException refused = assertThrows(InvalidRuleException.class, () -> fixture.rules.update(id, bad).await());
    assertEquals(List.of("condition.regex: Dangling meta character '*' near index 0"), refused.errors());
    assertFalse(fixture.rules.update(999, definition).await());
    assertTrue(fixture.rules.delete(id).await());
    assertNull(fixture.rules.find(id).await());
  }

  @Test
  void hitsAreListedNewestFirstPerRuleAndPerAccount() throws Exception {
    long a = account("a", "openai");
    long b = account("b", "openai");
    long r1 = fixture.rule(rule("r1", status(500), new JsonObject().put("type", "log")));
    long r2 = fixture.rule(rule("r2", status(503), new JsonObject().put("type", "log")));
    RuleHitStore hits = new RuleHitStore(fixture.pool);
    Instant t = Instant.parse("2026-01-02T03:04:05Z");
    hits.insert(new RuleHit(0, r1, a, t, "enforce", "q1", 500, "server_error", "status 500", 1, List.of("log"))).await();
    hits.insert(new RuleHit(0, r1, b, t.plusSeconds(1), "enforce", "q2", 500, null, "status 500", 2,
      List.of("disable:disabled", "alert"))).await();
    hits.insert(new RuleHit(0, r2, a, t.plusSeconds(2), "observe", "q3", 503, null, "status 503", 1,
      List.of("would:ban"))).await();

    assertEquals(List.of("q2", "q1"), hits.byRule(r1, 10).await().stream().map(RuleHit::requestId).toList());
    assertEquals(List.of("q3", "q1"), hits.byAccount(a, 10).await().stream().map(RuleHit::requestId).toList());
    assertEquals(List.of("q3"), hits.byAccount(a, 1).await().stream().map(RuleHit::requestId).toList());
    RuleHit q2 = hits.byAccount(b, 10).await().get(0);
    assertEquals(new RuleHit(q2.id(), r1, b, Instant.parse("2026-01-02T03:04:06Z"), "enforce", "q2", 500, null,
      "status 500", 2, List.of("disable:disabled", "alert")), q2);

    fixture.rules.delete(r1).await();
    assertEquals(List.of(), hits.byRule(r1, 10).await(), "a rule's hits go with it");
  }

  @Test
  void theOutcomeLogKeepsEachAttemptOnceReadsNewestAndPrunesToItsCap() {
    OutcomeLogStore log = new OutcomeLogStore(fixture.pool);
    Outcome first = new Outcome("q1", 1, ProviderKind.ANTHROPIC, "claude", 529, ErrorClass.OVERLOADED, 300, 0,
      Map.of("retry-after", "5"), "{\"type\":\"error\"}", 1_000);
    log.insert(List.of(first, outcome("q2", 2, 200, null, 2_000))).await();
    log.insert(List.of(first, outcome("q3", 1, 500, "oops", 3_000))).await(); // q1 again: skipped

    assertEquals(List.of(first, outcome("q2", 2, 200, null, 2_000), outcome("q3", 1, 500, "oops", 3_000)),
      log.latest(10).await());
    assertEquals(List.of("q2", "q3"), log.latest(2).await().stream().map(Outcome::requestId).toList());

    assertEquals(1, log.prune(2).await());
    assertEquals(List.of("q2", "q3"), log.latest(10).await().stream().map(Outcome::requestId).toList());
  }
}

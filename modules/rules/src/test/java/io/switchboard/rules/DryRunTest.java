package io.switchboard.rules;

import static io.switchboard.rules.RuleEngineFixture.account;
import static io.switchboard.rules.RuleEngineFixture.awaitQuery;
import static io.switchboard.rules.RuleEngineFixture.outcome;
import static io.switchboard.rules.RuleEngineFixture.rule;
import static io.switchboard.rules.RuleEngineFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.RuleDryRunReport;
import io.switchboard.api.RuleDryRunReport.AccountResult;
import io.switchboard.api.RuleDryRunRequest;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A rule, saved or not, enabled or not, replayed over the recorded outcomes through sb.rules.dryrun. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class DryRunTest {
  private static final long T0 = 1_700_000_000_000L;
  private RuleEngineFixture fixture;
  private long a;
  private long b;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    fixture = new RuleEngineFixture(vertx);
    a = account("a", "openai");
    b = account("b", "openai");
    fixture.deploy();
    // a: 529 at 0 s, 10 s, 20 s, 30 s, 100 s (and one 200); b: one 529; a replayed attempt counts once
    long[] times = {0, 10_000, 20_000, 30_000, 100_000};
    for (int i = 0; i < times.length; i++) {
      fixture.publish(outcome("a" + i, a, 529, null, T0 + times[i]));
    }
    fixture.publish(outcome("a-ok", a, 200, null, T0 + 15_000));
    fixture.publish(outcome("b0", b, 529, null, T0 + 5_000));
    fixture.publish(outcome("a1", a, 529, null, T0 + 12_000)); // request a1 tried a again: one request, one count
    awaitQuery("select count(*) from outcome_log", rows -> rows.equals(List.of("8")));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private RuleDryRunReport dryRun(RuleDryRunRequest request) {
    return fixture.vertx.eventBus().<RuleDryRunReport>request(Addresses.RULES_DRY_RUN, request,
      new DeliveryOptions().setSendTimeout(10_000)).await().body();
  }

  @Test
  void anUnsavedRuleReportsMatchesAndWouldFireTimesPerAccount() throws Exception {
    JsonObject twoIn30s = rule("draft", status(529), new JsonObject().put("type", "disable"))
      .put("threshold", new JsonObject().put("count", 2).put("windowSeconds", 30));

    RuleDryRunReport report = dryRun(new RuleDryRunRequest(null, twoIn30s, 100));

    assertEquals(8, report.evaluated());
    assertEquals(T0, report.fromEpochMs());
    assertEquals(T0 + 100_000, report.toEpochMs());
    // a: 0 and 10 s fire (window emptied), 20 and 30 s fire again, 100 s alone does not; b: one match only
    assertEquals(List.of(new AccountResult(a, 5, List.of(T0 + 10_000, T0 + 30_000), "status 529"),
      new AccountResult(b, 1, List.of(), "status 529")), report.accounts());
    assertEquals(List.of(), TestStorage.query("select id from rule_hits"), "a dry-run writes no hits");
    assertEquals(List.of("active", "active"), TestStorage.query("select status from accounts"));
  }

  @Test
  void aSavedDisabledRuleWithACooldownAndTheLastNOutcomes() throws Exception {
    long id = fixture.rule(rule("saved", status(529), new JsonObject().put("type", "log")).put("enabled", false)
      .put("cooldownSeconds", 25));

    RuleDryRunReport all = dryRun(new RuleDryRunRequest(id, null, 0));
    // every match would fire but for the 25 s cooldown: 0 fires, 10 and 20 s are inside it, 30 s fires, 100 s fires
    assertEquals(List.of(new AccountResult(a, 5, List.of(T0, T0 + 30_000, T0 + 100_000), "status 529"),
      new AccountResult(b, 1, List.of(T0 + 5_000), "status 529")), all.accounts());

    RuleDryRunReport lastTwo = dryRun(new RuleDryRunRequest(id, null, 2));
    assertEquals(2, lastTwo.evaluated());
    assertEquals(List.of(new AccountResult(a, 2, List.of(T0 + 30_000, T0 + 100_000), "status 529")), lastTwo.accounts());
  }

  @Test
  void anInvalidRuleIsA400NamingTheBadPartAndAnUnknownIdA404() {
    JsonObject bad = rule("bad", new JsonObject().put("type", "bodyMatches").put("regex", "(oops"),
      new JsonObject().put("type", "log"));
    ReplyException invalid = fails(new RuleDryRunRequest(null, bad, 10));
    assertEquals(400, invalid.failureCode());
    assertEquals("condition.regex: Unclosed group near index 5", invalid.getMessage());

    ReplyException unknown = fails(new RuleDryRunRequest(999L, null, 10));
    assertEquals(404, unknown.failureCode());
    assertEquals("no rule with id 999", unknown.getMessage());
  }

  private ReplyException fails(RuleDryRunRequest request) {
    try {
      dryRun(request);
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("the dry-run should have failed");
  }
}

package io.switchboard.rules;

import static io.switchboard.rules.RuleEngineFixture.account;
import static io.switchboard.rules.RuleEngineFixture.accountStatus;
import static io.switchboard.rules.RuleEngineFixture.awaitQuery;
import static io.switchboard.rules.RuleEngineFixture.outcome;
import static io.switchboard.rules.RuleEngineFixture.rule;
import static io.switchboard.rules.RuleEngineFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ConfigChanged;
import io.switchboard.store.AccountStatusStore;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Disabled accounts come back when their time is up; status changes never shorten a longer one or lift a ban. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class ReenableTest {
  private RuleEngineFixture fixture;
  private AccountStatusStore store;

  @BeforeEach
  void setUp(Vertx vertx) {
    fixture = new RuleEngineFixture(vertx);
    store = new AccountStatusStore(fixture.pool);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void reenableExpiredReturnsOnlyAccountsWhoseTimeIsUp() throws Exception {
    long expired = account("expired", "openai");
    long later = account("later", "openai");
    long permanent = account("permanent", "openai");
    long banned = account("banned", "openai");
    TestStorage.query("update accounts set status = 'overloaded', status_until = now() - interval '1 second' where id = "
      + expired + " returning id");
    TestStorage.query("update accounts set status = 'disabled', status_until = now() + interval '1 hour' where id = "
      + later + " returning id");
    TestStorage.query("update accounts set status = 'invalid' where id = " + permanent + " returning id");
    TestStorage.query("update accounts set status = 'banned', status_until = now() - interval '1 hour' where id = "
      + banned + " returning id");

    assertEquals(List.of(expired), store.reenableExpired().await());
    assertEquals(List.of("active", "disabled", "invalid", "banned"), TestStorage.query(
      "select status from accounts order by id"));
    assertEquals(List.of(), store.reenableExpired().await(), "nothing left to re-enable");
  }

  @Test
  void statusChangesOnlyLengthenAndNeverLiftABan() throws Exception {
    long a = account("a", "openai");
    Instant hour = Instant.now().plusSeconds(3600);
    assertTrue(store.disable(a, "disabled", "rule x", hour).await());
    assertFalse(store.disable(a, "overloaded", "rule y", Instant.now().plusSeconds(60)).await(), "shorter: kept");
    assertEquals("disabled", accountStatus(a));
    assertTrue(store.disable(a, "invalid", "rule z", null).await(), "permanent beats temporary");
    assertFalse(store.disable(a, "disabled", "rule x", hour).await());
    assertEquals("invalid", accountStatus(a));
    assertTrue(store.ban(a, "rule b").await());
    assertFalse(store.ban(a, "rule b").await());
    assertFalse(store.disable(a, "invalid", "rule z", null).await());
    assertEquals(List.of("banned|rule b|"), TestStorage.query(
      "select concat_ws('|', status, status_reason, coalesce(status_until::text, '')) from accounts"));
  }

  @Test
  void aRuleDisableWithADelayIsLiftedByTheTimerAndAnnounced() throws Exception {
    long a = account("a", "openai");
    fixture.rule(rule("brief", status(503), new JsonObject().put("type", "disable")).put("reenableAfterSeconds", 1));
    fixture.deploy(1, new JsonObject().put("reenableIntervalMs", 200));

    fixture.publish(outcome("r1", a, 503, null, System.currentTimeMillis()));
    awaitQuery("select status from accounts", rows -> rows.equals(List.of("disabled")));
    assertEquals("disabled", accountStatus(a));
    int announcedWhenDisabled = count(a);
    assertEquals(1, announcedWhenDisabled, "the disable was announced");

    List<String> back = awaitQuery("select status from accounts", rows -> rows.equals(List.of("active")));
    assertEquals(List.of("active"), back, "back after its 1 s delay");
    assertEquals(List.of("|"), TestStorage.query(
      "select concat_ws('|', coalesce(status_reason, ''), coalesce(status_until::text, '')) from accounts"));
    awaitQuery("select 1", rows -> count(a) == 2);
    assertEquals(2, count(a), "the return was announced too");
    assertEquals(List.of("active>disabled|true", "disabled>active|expired"), TestStorage.query(
      "select from_status || '>' || to_status || '|' || case when to_status = 'disabled' then (until is not null)::text"
        + " else reason end from account_status_events order by id"), "both changes are in the account's history");
  }

  private int count(long account) {
    return (int) fixture.announced.stream().filter(c -> c.equals(new ConfigChanged(ConfigChanged.ACCOUNT, account)))
      .count();
  }
}

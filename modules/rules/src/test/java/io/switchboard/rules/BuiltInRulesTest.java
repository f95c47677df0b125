package io.switchboard.rules;

import static io.switchboard.rules.RuleEngineFixture.account;
import static io.switchboard.rules.RuleEngineFixture.accountStatus;
import static io.switchboard.rules.RuleEngineFixture.awaitQuery;
import static io.switchboard.rules.RuleEngineFixture.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.store.PostgresTarget;
import io.switchboard.store.rules.RuleDefinition;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rules the V7 migration seeds (test storage empties tables, so each test re-runs the seed from the file). */
@ExtendWith({VertxExtension.class, TestStorage.class})
class BuiltInRulesTest {
  private static final String OPENAI_BAD_KEY = "{\"error\":{\"message\":\"Incorrect API key provided: sk-abc***xyz. "
    + "You can find your API key at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
    + "\"param\":null,\"code\":\"invalid_api_key\"}}";
  private static final String ANTHROPIC_BAD_KEY =
    "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}";
  private static final String NO_ACCESS = "{\"error\":{\"message\":\"Project does not have access to model gpt-5\"}}";
  private static final String OPENAI_QUOTA = "{\"error\":{\"message\":\"You exceeded your current quota, please check "
    + "your plan and billing details.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}";
  private static final String ANTHROPIC_CREDIT = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
    + "\"message\":\"Your credit balance is too low to access the Anthropic API.\"}}";
  private static final String RATE_LIMIT = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o on requests per "
    + "min (RPM): Limit 3\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";
  private RuleEngineFixture fixture;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    String migration;
    try (InputStream in = getClass().getResourceAsStream("/db/migration/V7__rules.sql")) {
      migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String seed = migration.substring(migration.indexOf("-- built-in rules"));
    PostgresTarget target = PostgresTarget.parse(TestStorage.postgresUrl());
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement s = c.createStatement()) {
      s.execute(seed);
    }
    fixture = new RuleEngineFixture(vertx);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void theSeededRulesAreValidEditableRows() throws Exception {
    List<JsonObject> rows = fixture.rules.list().await();
    assertEquals(List.of("auth-invalid", "billing-disable-day", "overloaded-529"),
      rows.stream().map(r -> r.getString("name")).toList());
    for (JsonObject row : rows) {
      RuleDefinition rule = RuleDefinition.parse(row);
      assertTrue(rule.builtin() && rule.enabled(), rule.name());
    }
    JsonObject edited = rows.get(2).put("threshold", new JsonObject().put("count", 5).put("windowSeconds", 30));
    assertTrue(fixture.rules.update(edited.getLong("id"), edited).await());
    assertEquals(List.of("5|30"), TestStorage.query(
      "select threshold_count || '|' || window_seconds from rules where name = 'overloaded-529'"));
  }

  @Test
  void anAuthErrorMarksTheAccountInvalid() throws Exception {
    long openai = account("openai", "openai");
    long anthropic = account("anthropic", "anthropic");
    long noAccess = account("no-access", "openai");
    fixture.deploy();

    fixture.publish(outcome("r1", openai, 401, OPENAI_BAD_KEY, 1));
    fixture.publish(outcome("r2", anthropic, 401, ANTHROPIC_BAD_KEY, 1));
    fixture.publish(outcome("r3", noAccess, 403, NO_ACCESS, 1));

    awaitQuery("select status from accounts where status = 'invalid'", rows -> rows.size() == 2);
    Thread.sleep(300);
    assertEquals("invalid", accountStatus(openai));
    assertEquals("invalid", accountStatus(anthropic));
    assertEquals("active", accountStatus(noAccess), "a 403 that is not about the credential leaves it alone");
  }

  @Test
  void quotaAndBillingMessagesDisableForADay() throws Exception {
    long openai = account("openai", "openai");
    long anthropic = account("anthropic", "anthropic");
    long limited = account("limited", "openai");
    fixture.deploy();

    fixture.publish(outcome("r1", openai, 429, OPENAI_QUOTA, 1));
    fixture.publish(outcome("r2", anthropic, 400, ANTHROPIC_CREDIT, 1));
    fixture.publish(outcome("r3", limited, 429, RATE_LIMIT, 1));

    awaitQuery("select status from accounts where status = 'disabled'", rows -> rows.size() == 2);
    Thread.sleep(300);
    assertEquals(List.of("disabled|86400", "disabled|86400", "active|"), TestStorage.query(
      "select status || '|' || coalesce(round(extract(epoch from status_until - now()) / 100) * 100 || '', '') "
        + "from accounts order by id"));
  }

  @Test
  void threeOverloadedAnswersWithinAMinuteCoolTheAccountDown() throws Exception {
    long a = account("a", "anthropic");
    fixture.deploy();
    long now = System.currentTimeMillis();

    fixture.publish(outcome("r1", a, 529, null, now));
    fixture.publish(outcome("r2", a, 529, null, now + 1));
    Thread.sleep(300);
    assertEquals("active", accountStatus(a));
    fixture.publish(outcome("r3", a, 529, null, now + 2));

    awaitQuery("select status from accounts", rows -> rows.equals(List.of("overloaded")));
    assertEquals(List.of("overloaded|120"), TestStorage.query(
      "select status || '|' || round(extract(epoch from status_until - now()) / 10) * 10 from accounts"));
  }
}

package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.CronRunRequest;
import io.switchboard.api.CronRunResult;
import io.switchboard.testkit.TestStorage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every configured housekeeping job runs in the whole gateway, by hand, and does its work. */
class CronJobsGatewayTest extends GatewayTest {

  @Test
  void everyConfiguredJobRunsByHandAndIsLogged() throws Exception {
    assertEquals(200, gw.post("/v1/chat/completions", GatewayHarness.CLIENT_KEY,
      GatewayHarness.chat(GatewayHarness.MODEL, false, null)).await().status());
    TestStorage.awaitRows("select request_id from usage_log", 1);
    List<String> jobs = List.of("quota-reset", "reenable-accounts", "health-probes", "usage-rollups",
      "usage-retention", "run-log-retention", "response-retention", "key-expiry-reminders",
      "audit-log-retention", "quota-history-retention", "rule-hits-retention", "account-status-events-retention",
      "account-quota-reset", "body-retention");

    for (String job : jobs) {
      CronRunResult result = run(job);
      assertTrue(result.ok(), job + ": " + result.detail());
    }

    assertEquals(jobs.size(), TestStorage.query("select id from cron_runs where trigger = 'manual' and outcome = 'ok'")
      .size());
    assertEquals(List.of("1"), TestStorage.query("select sum(requests) from usage_daily"),
      "today's request is in the rollup: "
        + TestStorage.query("select detail || ' / ' || (select string_agg(created_at::text, ',') from usage_log)"
        + " from cron_runs where job = 'usage-rollups'"));
  }

  @Test
  void retentionDropsOnlyDayPartitionsPastTheRetention() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate old = today.minusDays(120);
    LocalDate recent = today.minusDays(10);
    for (LocalDate day : List.of(old, recent)) {
      TestStorage.execute("create table if not exists " + io.switchboard.store.UsagePartitions.name(day)
        + " partition of usage_log for values from ('" + day + "') to ('" + day.plusDays(1) + "')");
      TestStorage.query("insert into usage_log (request_id, created_at, key_id, model, status, latency_ms, stream,"
        + " outcome) values ('req-" + day + "', '" + day + "T12:00:00Z', 1, 'm', 200, 1, false, 'ok') returning 1");
    }

    CronRunResult result = run("usage-retention");

    assertTrue(result.ok(), result.detail());
    assertEquals("dropped [" + io.switchboard.store.UsagePartitions.name(old) + "]", result.detail());
    assertEquals(List.of("req-" + recent), TestStorage.query("select request_id from usage_log"));
  }

  private CronRunResult run(String job) throws Exception {
    return gw.vertx.eventBus().<CronRunResult>request(Addresses.CRON_RUN, new CronRunRequest(job, "test")).await()
      .body();
  }
}

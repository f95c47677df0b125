package io.switchboard.cron;

import io.switchboard.api.Addresses;
import io.switchboard.api.QuotaReset;
import io.switchboard.store.AccountQuotaStore;
import io.switchboard.store.AccountStatusStore;
import io.switchboard.store.BodyCaptureStore;
import io.switchboard.store.CronRunStore;
import io.switchboard.store.HistoryRetention;
import io.switchboard.store.RollupStore;
import io.switchboard.store.StoredResponseStore;
import io.switchboard.store.UsagePartitions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every job the cron role knows, by the name its config section uses under {@code cron.jobs}. */
final class CronJobs {
  private CronJobs() {
  }

  static Map<String, CronJob> create(Vertx vertx, Pool pool, CronSettings settings) {
    Map<String, CronJob> jobs = new LinkedHashMap<>();
    CronSettings.KeyExpiry keyExpiry = settings.keyExpiry();
    HttpClient client = vertx.createHttpClient();
    Webhook webhook = keyExpiry.webhookUrl().isBlank() ? null : new Webhook(vertx, client, keyExpiry.webhookUrl(),
      keyExpiry.attempts(), keyExpiry.retryPauseMs());
    EventBus bus = vertx.eventBus();
    long busTimeoutMs = settings.busTimeoutMs();
    jobs.put("quota-reset", new BusJob<QuotaReset, QuotaReset>(bus, Addresses.QUOTA_RESET, () -> new QuotaReset(null, 0),
      done -> "quotas of " + done.day() + " reset; " + done.usersReset() + " user(s) back from their fallback group",
      busTimeoutMs));
    jobs.put("health-probes", new BusJob<String, Integer>(bus, Addresses.HEALTH_PROBE_ROUND, () -> "now",
      due -> due + " account(s) due for a probe", busTimeoutMs));
    jobs.put("usage-rollups", UsageHousekeeping.rollups(new RollupStore(pool)));
    jobs.put("usage-retention", UsageHousekeeping.retention(new UsagePartitions(pool),
      settings.usageRetentionDays()));
    int runLogDays = settings.runLogDays();
    CronRunStore runs = new CronRunStore(pool);
    jobs.put("run-log-retention", () -> runs.pruneBefore(Instant.now().minus(Duration.ofDays(runLogDays)))
      .map(pruned -> "pruned " + pruned + " run(s) older than " + runLogDays + " days"));
    HistoryRetention history = new HistoryRetention(pool);
    settings.historyDays().forEach((table, days) -> jobs.put(retentionJob(table), () -> history.pruneBefore(table,
        Instant.now().minus(Duration.ofDays(days)))
      .map(pruned -> "pruned " + pruned + " " + table.sqlName() + " row(s) older than " + days + " days")));
    int responseDays = settings.responseRetentionDays();
    StoredResponseStore responses = new StoredResponseStore(pool);
    jobs.put("response-retention", () -> responses.pruneBefore(Instant.now().minus(Duration.ofDays(responseDays)))
      .map(pruned -> "deleted " + pruned + " stored response(s) older than " + responseDays + " days"));
    jobs.put("reenable-accounts", new ReenableAccounts(new AccountStatusStore(pool), vertx.eventBus()));
    jobs.put("account-quota-reset", new AccountQuotaReset(new AccountQuotaStore(pool), vertx.eventBus()));
    int bodyDays = settings.bodyRetentionDays();
    BodyCaptureStore bodies = new BodyCaptureStore(pool);
    jobs.put("body-retention", () -> bodies.deleteBefore(Instant.now().minus(Duration.ofDays(bodyDays)))
      .map(deleted -> "deleted the bodies of " + deleted + " request(s) older than " + bodyDays + " days"));
    jobs.put("key-expiry-reminders", new KeyExpiryReminders(pool, webhook, keyExpiry.daysAhead()));
    return jobs;
  }

  /** The job that cuts {@code table} back: {@code audit-log-retention}, {@code rule-hits-retention}... */
  static String retentionJob(HistoryRetention.Table table) {
    return table.sqlName().replace('_', '-') + "-retention";
  }
}

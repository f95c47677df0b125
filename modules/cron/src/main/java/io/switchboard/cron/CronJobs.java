package io.switchboard.cron;

import io.switchboard.store.AccountStatusStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every job the cron role knows, by the name its config section uses under {@code cron.jobs}. */
final class CronJobs {
  private CronJobs() {
  }

  static Map<String, CronJob> create(Vertx vertx, Pool pool, JsonObject conf, ZoneId zone) {
    Map<String, CronJob> jobs = new LinkedHashMap<>();
    JsonObject keyExpiry = conf.getJsonObject("keyExpiry", new JsonObject());
    String webhookUrl = keyExpiry.getString("webhookUrl", "");
    HttpClient client = vertx.createHttpClient();
    Webhook webhook = webhookUrl.isBlank() ? null : new Webhook(vertx, client, webhookUrl,
      keyExpiry.getInteger("attempts", 3), keyExpiry.getLong("retryPauseMs", 1000L));
    jobs.put("reenable-accounts", new ReenableAccounts(new AccountStatusStore(pool), vertx.eventBus()));
    jobs.put("key-expiry-reminders", new KeyExpiryReminders(pool, webhook, keyExpiry.getInteger("daysAhead", 7)));
    return jobs;
  }
}

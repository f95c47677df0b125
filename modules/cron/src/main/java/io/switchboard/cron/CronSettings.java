package io.switchboard.cron;

import io.switchboard.store.HistoryRetention;
import io.switchboard.store.StorageSettings;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The cron role's configuration, validated once at start; messages name the bad key. */
record CronSettings(StorageSettings storage, ZoneId zone, int usageRetentionDays, int runLogDays,
                    Map<HistoryRetention.Table, Integer> historyDays, int responseRetentionDays, long staleRunSeconds,
                    long busTimeoutMs, KeyExpiry keyExpiry, Map<String, Job> jobs,
                    int bodyRetentionDays) {

  /** The setting that keeps each history table this many days, and its default. */
  private static final Map<HistoryRetention.Table, Map.Entry<String, Integer>> HISTORY_DAYS = Map.of(
    HistoryRetention.Table.AUDIT_LOG, Map.entry("auditLogDays", 365),
    HistoryRetention.Table.QUOTA_HISTORY, Map.entry("quotaHistoryDays", 365),
    HistoryRetention.Table.RULE_HITS, Map.entry("ruleHitDays", 90),
    HistoryRetention.Table.ACCOUNT_STATUS_EVENTS, Map.entry("statusEventDays", 90));

  /** {@code cron.keyExpiry}: reminders of keys about to expire; an empty webhook URL turns them off. */
  record KeyExpiry(String webhookUrl, int attempts, long retryPauseMs, int daysAhead) {
  }

  /** One entry of {@code cron.jobs} (in the order written); its schedule is parsed only when the job is enabled. */
  record Job(String name, String schedule, boolean enabled, CronSchedule parsed) {
  }

  static CronSettings from(JsonObject conf) {
    StorageSettings storage = StorageSettings.from("cron", conf);
    ZoneId zone;
    try {
      zone = ZoneId.of(conf.getString("timeZone", "UTC"));
    } catch (RuntimeException bad) {
      throw new IllegalArgumentException("cron.timeZone: '" + conf.getString("timeZone") + "' is not a time zone");
    }
    JsonObject keyExpiry = conf.getJsonObject("keyExpiry", new JsonObject());
    Map<HistoryRetention.Table, Integer> historyDays = new java.util.EnumMap<>(HistoryRetention.Table.class);
    HISTORY_DAYS.forEach((table, setting) -> {
      int days = conf.getInteger(setting.getKey(), setting.getValue());
      if (days < 1) {
        throw new IllegalArgumentException("cron." + setting.getKey() + " must be at least 1");
      }
      historyDays.put(table, days);
    });
    CronSettings s = new CronSettings(storage, zone, conf.getInteger("usageRetentionDays", 90),
      conf.getInteger("runLogDays", 30), Collections.unmodifiableMap(historyDays),
      conf.getInteger("responseRetentionDays", 30), conf.getLong("staleRunSeconds", 3600L),
      conf.getLong("busTimeoutMs", 120_000L),
      new KeyExpiry(keyExpiry.getString("webhookUrl", ""), keyExpiry.getInteger("attempts", 3),
        keyExpiry.getLong("retryPauseMs", 1000L), keyExpiry.getInteger("daysAhead", 7)),
      jobs(conf.getJsonObject("jobs", new JsonObject()), zone),
      conf.getJsonObject("bodies", new JsonObject()).getInteger("retentionDays", 7));
    if (s.usageRetentionDays < 1) {
      throw new IllegalArgumentException("cron.usageRetentionDays must be at least 1");
    }
    if (s.bodyRetentionDays < 1) {
      throw new IllegalArgumentException("bodies.retentionDays must be at least 1");
    }
    if (s.runLogDays < 1) {
      throw new IllegalArgumentException("cron.runLogDays must be at least 1");
    }
    if (s.responseRetentionDays < 1) {
      throw new IllegalArgumentException("cron.responseRetentionDays must be at least 1");
    }
    if (s.staleRunSeconds < 1) {
      throw new IllegalArgumentException("cron.staleRunSeconds must be positive");
    }
    return s;
  }

  private static Map<String, Job> jobs(JsonObject jobs, ZoneId zone) {
    Map<String, Job> out = new LinkedHashMap<>();
    for (String name : jobs.fieldNames()) {
      JsonObject job = jobs.getJsonObject(name);
      boolean enabled = job.getBoolean("enabled", true);
      try {
        out.put(name, new Job(name, job.getString("schedule"), enabled,
          enabled ? CronSchedule.parse(job.getString("schedule"), zone) : null));
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("cron.jobs." + name + ".schedule: " + bad.getMessage());
      }
    }
    return Collections.unmodifiableMap(out);
  }
}

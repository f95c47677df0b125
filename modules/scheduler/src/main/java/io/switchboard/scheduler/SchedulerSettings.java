package io.switchboard.scheduler;

import io.switchboard.store.StorageSettings;
import io.vertx.core.json.JsonObject;

/** The scheduler's configuration, validated at start; messages name the bad key. */
record SchedulerSettings(StorageSettings storage, long stickyTtlMs, AccountHealthTracker.Ttls ttls, long probeIntervalMs, long expiryCheckMs,
                         long errorHalfLifeMs, long quotaRefreshMs) {

  static SchedulerSettings from(JsonObject conf) {
    JsonObject health = conf.getJsonObject("health", new JsonObject());
    SchedulerSettings s = new SchedulerSettings(StorageSettings.from("scheduler", conf),
      conf.getLong("stickyTtlMs", 600_000L),
      new AccountHealthTracker.Ttls(health.getLong("rateLimitedTtlMs", 60_000L),
        health.getLong("overloadedTtlMs", 30_000L)),
      health.getLong("probeIntervalMs", 60_000L), health.getLong("expiryCheckMs", 1000L),
      health.getLong("errorHalfLifeMs", 60_000L), conf.getLong("quotaRefreshMs", 1000L));
    if (s.stickyTtlMs < 0) {
      throw new IllegalArgumentException("scheduler.stickyTtlMs must be 0 (off) or positive");
    }
    positive("scheduler.health.rateLimitedTtlMs", s.ttls.rateLimitedMs());
    positive("scheduler.health.overloadedTtlMs", s.ttls.overloadedMs());
    positive("scheduler.health.probeIntervalMs", s.probeIntervalMs);
    positive("scheduler.health.expiryCheckMs", s.expiryCheckMs);
    positive("scheduler.health.errorHalfLifeMs", s.errorHalfLifeMs);
    positive("scheduler.quotaRefreshMs", s.quotaRefreshMs);
    return s;
  }

  private static void positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive");
    }
  }
}

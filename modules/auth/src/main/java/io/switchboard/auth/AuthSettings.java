package io.switchboard.auth;

import io.switchboard.store.QuotaDay;
import io.switchboard.store.StorageSettings;
import io.vertx.core.json.JsonObject;

/** The key checker's configuration, validated once at start; messages name the bad key. */
record AuthSettings(StorageSettings storage, long unknownKeyCacheMs, long concurrencySlotTtlMs, QuotaDay quotaDay) {

  static AuthSettings from(JsonObject conf) {
    AuthSettings s = new AuthSettings(StorageSettings.from("auth", conf), conf.getLong("unknownKeyCacheMs", 5000L),
      conf.getLong("concurrencySlotTtlMs", 900_000L),
      QuotaDay.of(conf.getString("quotaTimeZone", "UTC"), "usage.quotaTimeZone"));
    if (s.unknownKeyCacheMs < 0) {
      throw new IllegalArgumentException("auth.unknownKeyCacheMs must not be negative");
    }
    if (s.concurrencySlotTtlMs < 1000) {
      throw new IllegalArgumentException("auth.concurrencySlotTtlMs must be at least 1000");
    }
    return s;
  }
}

package io.switchboard.auth;

import io.switchboard.store.QuotaDay;
import io.switchboard.store.StorageSettings;
import io.vertx.core.json.JsonObject;

/**
 * The key checker's configuration, validated once at start; messages name the bad key. {@code admitOnOutage}: what
 * {@code auth.onRedisOutage} says of requests whose key has limits or quotas while they cannot be checked
 * ({@code admit}: true, unchecked; {@code reject}: false, 503).
 */
record AuthSettings(StorageSettings storage, long unknownKeyCacheMs, long concurrencySlotTtlMs, QuotaDay quotaDay,
                    boolean admitOnOutage) {

  static AuthSettings from(JsonObject conf) {
    String onOutage = conf.getString("onRedisOutage", "reject");
    if (!onOutage.equals("reject") && !onOutage.equals("admit")) {
      throw new IllegalArgumentException("auth.onRedisOutage must be reject or admit");
    }
    AuthSettings s = new AuthSettings(StorageSettings.from("auth", conf), conf.getLong("unknownKeyCacheMs", 5000L),
      conf.getLong("concurrencySlotTtlMs", 900_000L),
      QuotaDay.of(conf.getString("quotaTimeZone", "UTC"), "usage.quotaTimeZone"), onOutage.equals("admit"));
    if (s.unknownKeyCacheMs < 0) {
      throw new IllegalArgumentException("auth.unknownKeyCacheMs must not be negative");
    }
    if (s.concurrencySlotTtlMs < 1000) {
      throw new IllegalArgumentException("auth.concurrencySlotTtlMs must be at least 1000");
    }
    return s;
  }
}

package io.switchboard.auth;

import io.switchboard.store.QuotaDay;
import io.switchboard.store.StorageSettings;
import io.vertx.core.json.JsonObject;

/**
 * The key checker's configuration, validated once at start; messages name the bad key. {@code admitOnOutage}: what
 * {@code auth.onRedisOutage} says of requests whose key has limits or quotas while they cannot be checked
 * ({@code admit}: true, unchecked; {@code reject}: false, 503). {@code admissionLeaseMs}: how long a lease of a key's
 * limits lasts at most ({@link KeyLease}; 0: none, every admission a round trip to Redis), a second unless a quarter
 * of the slot ttl is less. {@code maxKeyLookupsPerAddress}: keys not cached that one client address may have read at
 * once ({@link LookupsByAddress}).
 */
record AuthSettings(StorageSettings storage, long unknownKeyCacheMs, long concurrencySlotTtlMs, QuotaDay quotaDay,
                    boolean admitOnOutage, long admissionLeaseMs, int maxKeyLookupsPerAddress) {

  static AuthSettings from(JsonObject conf) {
    String onOutage = conf.getString("onRedisOutage", "reject");
    if (!onOutage.equals("reject") && !onOutage.equals("admit")) {
      throw new IllegalArgumentException("auth.onRedisOutage must be reject or admit");
    }
    long slotTtl = conf.getLong("concurrencySlotTtlMs", 900_000L);
    AuthSettings s = new AuthSettings(StorageSettings.from("auth", conf), conf.getLong("unknownKeyCacheMs", 5000L),
      slotTtl,
      QuotaDay.of(conf.getString("quotaTimeZone", "UTC"), "usage.quotaTimeZone"), onOutage.equals("admit"),
      conf.getLong("admissionLeaseMs", Math.min(KeyLeases.LEASE_MS, slotTtl / 4)),
      conf.getInteger("maxKeyLookupsPerAddress", 64));
    if (s.unknownKeyCacheMs < 0) {
      throw new IllegalArgumentException("auth.unknownKeyCacheMs must not be negative");
    }
    if (s.maxKeyLookupsPerAddress < 1) {
      throw new IllegalArgumentException("auth.maxKeyLookupsPerAddress must be positive");
    }
    if (s.concurrencySlotTtlMs < 1000) {
      throw new IllegalArgumentException("auth.concurrencySlotTtlMs must be at least 1000");
    }
    if (s.admissionLeaseMs < 0 || s.admissionLeaseMs > 10_000) {
      throw new IllegalArgumentException("auth.admissionLeaseMs must be from 0 to 10000");
    }
    if (s.admissionLeaseMs * 4 > s.concurrencySlotTtlMs) { // a lease's slots count a slot ttl from its start
      throw new IllegalArgumentException("auth.admissionLeaseMs must be at most a quarter of auth.concurrencySlotTtlMs");
    }
    return s;
  }
}

package io.switchboard.auth;

import io.switchboard.store.ApiKey;
import io.switchboard.store.QuotaStore.UserQuota;

/**
 * What a request with this key is admitted against: the key's rate limits and budget, and its user's quota
 * (balance, daily quota, fallback group). Zero or null: no such limit.
 */
record KeyLimits(long keyId, long userId, int rpm, int tpm, int maxConcurrency, Long budgetMicros, UserQuota quota) {

  static KeyLimits of(ApiKey key, UserQuota quota) {
    return new KeyLimits(key.id(), key.userId(), key.rpm() == null ? 0 : key.rpm(), key.tpm() == null ? 0 : key.tpm(),
      key.maxConcurrency() == null ? 0 : key.maxConcurrency(), key.budgetMicros(), quota);
  }

  /** Whether any request of this key needs an admission at all (most keys: none, and no Redis round trip). */
  boolean any() {
    return rpm > 0 || tpm > 0 || maxConcurrency > 0 || budgetMicros != null || (quota != null && quota.limited());
  }

  boolean checksBalance() {
    return quota != null && quota.balanceMicros() != null;
  }

  long dailyQuota() {
    return quota == null || quota.dailyQuotaMicros() == null ? -1 : quota.dailyQuotaMicros();
  }

  String fallbackGroup() {
    return quota == null ? null : quota.fallbackGroup();
  }
}

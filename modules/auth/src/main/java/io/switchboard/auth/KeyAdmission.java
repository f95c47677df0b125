package io.switchboard.auth;

import io.switchboard.api.Admission;
import io.switchboard.api.AdmissionRelease;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaKeys;
import io.switchboard.store.QuotaStore;
import io.switchboard.store.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits one request against its key's limits and its user's quota with one Lua script (atomic across every
 * auth instance on every node): budget, balance and daily quota, then requests and tokens per minute and
 * concurrent requests. A spend counter missing from Redis is rebuilt from PostgreSQL and the script run again.
 * A spent daily quota moves the request to the user's fallback group; with none, or a spent balance or key
 * budget, the request fails with 402.
 */
final class KeyAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(KeyAdmission.class);
  static final long WINDOW_MS = 60_000;
  private static final long DAY_COUNTER_TTL_MS = 2 * 86_400_000L;
  private static final long CACHED_COUNTER_TTL_MS = 3_600_000L;
  private final Redis redis;
  private final QuotaStore quotas;
  private final QuotaDay quotaDay;
  private final long slotTtlMs;
  private final RedisScript admit = RedisScript.named("admit");
  private final RedisScript release = RedisScript.named("release");

  KeyAdmission(Redis redis, QuotaStore quotas, QuotaDay quotaDay, long slotTtlMs) {
    this.redis = redis;
    this.quotas = quotas;
    this.quotaDay = quotaDay;
    this.slotTtlMs = slotTtlMs;
  }

  /** How this request is admitted: refused (429 for the caller to tell), admitted, or failed with 402. */
  Future<Admission> admit(KeyLimits limits, long estimatedTokens) {
    return attempt(limits, Math.max(0, estimatedTokens), UUID.randomUUID().toString(), 3);
  }

  private Future<Admission> attempt(KeyLimits limits, long estimate, String slot, int triesLeft) {
    String day = quotaDay.today().toString();
    long tokens = limits.tpm() > 0 ? Math.max(1, estimate) : 0; // >0 marks a token window to reconcile
    List<String> keys = List.of(QuotaKeys.requestWindow(limits.keyId()), QuotaKeys.tokenWindow(limits.keyId()),
      QuotaKeys.concurrency(limits.keyId()), QuotaKeys.daySpend(limits.userId(), day),
      QuotaKeys.balance(limits.userId()), QuotaKeys.keySpend(limits.keyId()),
      QuotaKeys.fallbackMark(limits.userId(), day));
    List<String> args = List.of(Integer.toString(limits.rpm()), Integer.toString(limits.tpm()),
      Integer.toString(limits.maxConcurrency()), Long.toString(tokens), slot, Long.toString(slotTtlMs),
      Long.toString(limits.dailyQuota()), limits.checksBalance() ? "1" : "0",
      Long.toString(limits.budgetMicros() == null ? -1 : limits.budgetMicros()),
      limits.fallbackGroup() == null ? "0" : "1", Long.toString(WINDOW_MS));
    return admit.run(redis, keys, args).compose(reply -> {
      String verdict = reply.get(0).toString();
      if (verdict.startsWith("missing:")) {
        if (triesLeft == 0) {
          return Future.failedFuture(new GatewayException(ErrorKind.UNAVAILABLE, "Quota counters are not available."));
        }
        return rebuild(verdict.substring("missing:".length()), limits, day)
          .compose(v -> attempt(limits, estimate, slot, triesLeft - 1));
      }
      return verdict(verdict, reply, limits, tokens, slot);
    });
  }

  private Future<Admission> verdict(String verdict, Response r, KeyLimits limits, long tokens, String slot) {
    boolean onFallback = r.get(1).toLong() == 1;
    if (r.get(7).toLong() == 1) {
      quotas.markFallback(limits.userId())
        .onFailure(failure -> LOG.warn("could not mark user {} as on fallback: {}", limits.userId(), failure.getMessage()));
    }
    return switch (verdict) {
      case "quota" -> Future.failedFuture(new GatewayException(ErrorKind.QUOTA_EXHAUSTED,
        "You have used up today's quota. It resets at midnight (" + quotaDay.zone() + ")."));
      case "balance" -> Future.failedFuture(new GatewayException(ErrorKind.QUOTA_EXHAUSTED,
        "Your balance is used up. Please top up to continue."));
      case "budget" -> Future.failedFuture(new GatewayException(ErrorKind.QUOTA_EXHAUSTED,
        "This API key has used up its budget."));
      default -> {
        boolean admitted = "ok".equals(verdict);
        yield Future.succeededFuture(new Admission(admitted, admitted ? null : verdict, r.get(6).toLong(),
          admitted && limits.maxConcurrency() > 0 ? slot : null, admitted ? tokens : 0, limits.rpm(),
          r.get(2).toLong(), r.get(3).toLong(), limits.tpm(), r.get(4).toLong(), r.get(5).toLong(), onFallback));
      }
    };
  }

  /** Puts the counter back from PostgreSQL, unless someone else did first (SET NX). */
  private Future<Void> rebuild(String counter, KeyLimits limits, String day) {
    Future<Long> value;
    String key;
    long ttl;
    switch (counter) {
      case "day" -> {
        value = quotas.spendSince(limits.userId(), quotaDay.startOfToday());
        key = QuotaKeys.daySpend(limits.userId(), day);
        ttl = DAY_COUNTER_TTL_MS;
      }
      case "balance" -> {
        value = quotas.balance(limits.userId()).map(b -> b == null ? Long.MAX_VALUE : b);
        key = QuotaKeys.balance(limits.userId());
        ttl = CACHED_COUNTER_TTL_MS;
      }
      default -> {
        value = quotas.keySpend(limits.keyId());
        key = QuotaKeys.keySpend(limits.keyId());
        ttl = CACHED_COUNTER_TTL_MS;
      }
    }
    return value.compose(v -> redis.send(Request.cmd(Command.SET).arg(key).arg(v).arg("NX").arg("PX").arg(ttl)))
      .mapEmpty();
  }

  /** Frees the request's slot and corrects its token window by what it really used. */
  Future<Void> release(AdmissionRelease done) {
    long delta = done.admittedTokens() > 0 ? done.usedTokens() - done.admittedTokens() : 0;
    if (done.slot() == null && delta == 0) {
      return Future.succeededFuture();
    }
    return release.run(redis, List.of(QuotaKeys.concurrency(done.keyId()), QuotaKeys.tokenWindow(done.keyId())),
      List.of(done.slot() == null ? "" : done.slot(), Long.toString(delta))).mapEmpty();
  }

  /** A user's balance changed in PostgreSQL (a top-up): the cached counter is dropped and rebuilt when read. */
  Future<Void> forgetBalance(long userId) {
    return redis.send(Request.cmd(Command.DEL).arg(QuotaKeys.balance(userId))).mapEmpty();
  }
}

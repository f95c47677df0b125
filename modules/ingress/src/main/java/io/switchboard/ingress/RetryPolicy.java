package io.switchboard.ingress;

import io.switchboard.api.ErrorClass;
import io.switchboard.api.ProviderHead;
import io.vertx.core.json.JsonObject;
import java.util.random.RandomGenerator;

/**
 * When and how a failed upstream attempt is tried again: at most {@code maxAttempts} attempts within
 * {@code deadlineMs} of the request's arrival; a rate limit or an error moves to the next untried account at once
 * (when {@code switchOnRateLimit} / {@code switchOnError}); the same account is tried again only after an exponential
 * back-off with jitter ({@code initialDelayMs * factor^n}, at most {@code maxDelayMs}, each wait drawn from its upper
 * half) and never before the Retry-After its upstream named; a Retry-After longer than {@code maxRetryAfterMs} is not
 * waited for.
 */
record RetryPolicy(int maxAttempts, long initialDelayMs, double factor, long maxDelayMs, long deadlineMs,
                   long maxRetryAfterMs, boolean switchOnRateLimit, boolean switchOnError) {

  static RetryPolicy from(int maxAttempts, JsonObject retry) {
    RetryPolicy p = new RetryPolicy(maxAttempts, retry.getLong("initialDelayMs", 1000L),
      retry.getDouble("factor", 2.0), retry.getLong("maxDelayMs", 30_000L), retry.getLong("deadlineMs", 60_000L),
      retry.getLong("maxRetryAfterMs", 5000L), retry.getBoolean("switchOnRateLimit", true),
      retry.getBoolean("switchOnError", true));
    if (p.initialDelayMs < 0 || p.maxDelayMs < 0 || p.maxRetryAfterMs < 0) {
      throw new IllegalArgumentException("ingress.retry delays must not be negative");
    }
    if (p.factor < 1) {
      throw new IllegalArgumentException("ingress.retry.factor must be at least 1");
    }
    if (p.deadlineMs <= 0) {
      throw new IllegalArgumentException("ingress.retry.deadlineMs must be positive");
    }
    return p;
  }

  /** The same account may be tried again after this failure (another account may be tried after any retryable one). */
  static boolean sameAccountMayRetry(ProviderHead head) {
    return head.retryable() && head.errorClass() != null && head.errorClass().sameAccountMayRetry();
  }

  /** Move to another account at once after this failure, rather than back off on this one. */
  boolean switches(ProviderHead head) {
    if (!sameAccountMayRetry(head)) {
      return true;
    }
    return head.errorClass() == ErrorClass.RATE_LIMITED ? switchOnRateLimit : switchOnError;
  }

  /** The {@code n}th back-off (0-based) with jitter: a draw from the upper half of the exponential delay. */
  long backOffMs(int n, RandomGenerator random) {
    double full = Math.min(maxDelayMs, initialDelayMs * Math.pow(factor, n));
    return Math.round(full / 2 + random.nextDouble() * full / 2);
  }
}

package io.switchboard.providers.core;

import java.util.Arrays;

/**
 * Decides when an account's circuit opens: after {@code consecutive} failures in a row, or when at least
 * {@code minRequests} attempts in the last {@code windowMs} failed at a rate of {@code rate} or more. The window is
 * counted in {@value #BUCKETS} buckets of equal time, each holding its attempts and failures, so it is exact to a
 * bucket and its memory is fixed: one entry per attempt, kept the whole window, was a third of a busy gateway's heap
 * and every old-generation collection's work (30 s at 7,000 attempts a second).
 */
final class FailureWindow {
  static final int BUCKETS = 30;

  /** The thresholds, validated by the provider at start. */
  record Limits(int consecutive, double rate, int minRequests, long windowMs) {
  }

  private final Limits limits;
  private final long bucketMs;
  private final long[] period = new long[BUCKETS]; // which stretch of bucketMs each bucket counts
  private final int[] attempts = new int[BUCKETS];
  private final int[] failures = new int[BUCKETS];
  private int inARow;

  FailureWindow(Limits limits) {
    this.limits = limits;
    this.bucketMs = Math.max(1, (limits.windowMs() + BUCKETS - 1) / BUCKETS);
    Arrays.fill(period, Long.MIN_VALUE);
  }

  /** Counts one attempt; true when the circuit should open now. */
  boolean record(boolean failed, long nowMs) {
    long now = Math.floorDiv(nowMs, bucketMs);
    int slot = (int) Math.floorMod(now, (long) BUCKETS);
    if (period[slot] != now) {
      period[slot] = now;
      attempts[slot] = 0;
      failures[slot] = 0;
    }
    attempts[slot]++;
    inARow = failed ? inARow + 1 : 0;
    if (!failed) {
      return false;
    }
    failures[slot]++;
    if (inARow >= limits.consecutive()) {
      return true;
    }
    int inWindow = 0;
    int failedInWindow = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (period[i] > now - BUCKETS) {
        inWindow += attempts[i];
        failedInWindow += failures[i];
      }
    }
    return inWindow >= limits.minRequests() && failedInWindow >= limits.rate() * inWindow;
  }

  /** Forgets everything: the circuit opened (or closed again). A bucket's counts start over with its next period. */
  void clear() {
    Arrays.fill(period, Long.MIN_VALUE);
    inARow = 0;
  }
}

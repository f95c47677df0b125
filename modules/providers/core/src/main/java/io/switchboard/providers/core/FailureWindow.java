package io.switchboard.providers.core;

import java.util.ArrayDeque;

/**
 * Decides when an account's circuit opens: after {@code consecutive} failures in a row, or when at least
 * {@code minRequests} attempts in the last {@code windowMs} failed at a rate of {@code rate} or more.
 */
final class FailureWindow {
  /** The thresholds, validated by the provider at start. */
  record Limits(int consecutive, double rate, int minRequests, long windowMs) {
  }

  private final Limits limits;
  private final ArrayDeque<long[]> recent = new ArrayDeque<>(); // {atMs, failed 0/1}
  private int inARow;
  private int failures;

  FailureWindow(Limits limits) {
    this.limits = limits;
  }

  /** Counts one attempt; true when the circuit should open now. */
  boolean record(boolean failed, long nowMs) {
    while (!recent.isEmpty() && recent.peekFirst()[0] <= nowMs - limits.windowMs()) {
      failures -= (int) recent.pollFirst()[1];
    }
    recent.addLast(new long[] {nowMs, failed ? 1 : 0});
    failures += failed ? 1 : 0;
    inARow = failed ? inARow + 1 : 0;
    return failed && (inARow >= limits.consecutive()
      || recent.size() >= limits.minRequests() && failures >= limits.rate() * recent.size());
  }

  /** Forgets everything: the circuit opened (or closed again). */
  void clear() {
    recent.clear();
    inARow = 0;
    failures = 0;
  }
}

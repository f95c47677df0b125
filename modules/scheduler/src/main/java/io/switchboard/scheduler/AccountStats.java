package io.switchboard.scheduler;

import io.switchboard.api.ErrorClass;
import io.switchboard.api.Outcome;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What this scheduler has seen of each account, fed by {@link Outcome}s: the EWMA of time to first byte, a count of
 * recent failures that decays with {@code errorHalfLifeMs}, and requests in flight (a plan's first candidate counts
 * until the outcome of that request arrives; failover attempts are not counted).
 */
final class AccountStats {
  private static final double EWMA_ALPHA = 0.3;
  private static final long FORGET_IN_FLIGHT_MS = 15 * 60_000;
  private final long errorHalfLifeMs;
  private final Map<Long, Double> ttfbEwma = new HashMap<>();
  private final Map<Long, double[]> errors = new HashMap<>(); // {decayed count, last update ms}
  private final Map<Long, Integer> inFlight = new HashMap<>();
  private final Map<String, long[]> planned = new HashMap<>(); // requestId -> {accountId, planned at ms}

  AccountStats(long errorHalfLifeMs) {
    this.errorHalfLifeMs = errorHalfLifeMs;
  }

  /** A plan leads with this account for this request. */
  void planned(String requestId, long accountId, long nowMs) {
    if (planned.put(requestId, new long[] {accountId, nowMs}) == null) {
      inFlight.merge(accountId, 1, Integer::sum);
    }
  }

  void record(Outcome outcome) {
    long[] plan = planned.remove(outcome.requestId());
    if (plan != null) {
      inFlight.merge(plan[0], -1, (a, b) -> a + b <= 0 ? null : a + b);
    }
    if (outcome.ok()) {
      if (outcome.ttfbMs() >= 0) {
        ttfbEwma.merge(outcome.accountId(), (double) outcome.ttfbMs(),
          (old, sample) -> old + EWMA_ALPHA * (sample - old));
      }
    } else if (outcome.errorClass() != ErrorClass.CLIENT_ERROR) {
      double[] e = errors.computeIfAbsent(outcome.accountId(), id -> new double[] {0, outcome.atEpochMs()});
      e[0] = decayed(e, outcome.atEpochMs()) + 1;
      e[1] = outcome.atEpochMs();
    }
  }

  /** EWMA time to first byte; 0 for an account not measured yet, so it gets tried. */
  double ttfbMs(long accountId) {
    return ttfbEwma.getOrDefault(accountId, 0.0);
  }

  double recentErrors(long accountId, long nowMs) {
    double[] e = errors.get(accountId);
    return e == null ? 0 : decayed(e, nowMs);
  }

  int inFlight(long accountId) {
    return inFlight.getOrDefault(accountId, 0);
  }

  /** Forgets plans whose outcome never came (a request answered locally, a lost message). */
  void sweep(long nowMs) {
    for (Iterator<Map.Entry<String, long[]>> it = planned.entrySet().iterator(); it.hasNext(); ) {
      long[] plan = it.next().getValue();
      if (plan[1] < nowMs - FORGET_IN_FLIGHT_MS) {
        it.remove();
        inFlight.merge(plan[0], -1, (a, b) -> a + b <= 0 ? null : a + b);
      }
    }
  }

  private double decayed(double[] e, long nowMs) {
    return e[0] * Math.pow(0.5, Math.max(0, nowMs - e[1]) / (double) errorHalfLifeMs);
  }
}

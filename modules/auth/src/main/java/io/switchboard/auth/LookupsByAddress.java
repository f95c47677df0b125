package io.switchboard.auth;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * The key lookups in flight that each client address began, at most {@code max} each: one address sending thousands
 * of unknown keys at once (a scanner, a client gone wrong) would otherwise read PostgreSQL once per key, fill the
 * pool's wait queue, and leave every other new key unverifiable (503) meanwhile. A request that joins a lookup in
 * flight begins none, so one key's burst of first requests counts once. Used on the key checker's context.
 */
final class LookupsByAddress {
  private final int max;
  private final Map<String, Integer> inFlight = new HashMap<>();

  LookupsByAddress(int max) {
    this.max = max;
  }

  /** Whether {@code address} may begin one more lookup (always, when the address is unknown: null). */
  boolean mayBegin(String address) {
    return address == null || inFlight.getOrDefault(address, 0) < max;
  }

  /** Counts {@code lookup} against {@code address} until it completes. */
  <T> Future<T> counting(String address, Future<T> lookup) {
    if (address == null || lookup.isComplete()) {
      return lookup;
    }
    inFlight.merge(address, 1, Integer::sum);
    return lookup.onComplete(done -> inFlight.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1));
  }
}

package io.switchboard.api;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The reads of one cache in flight, by key: a request that misses the cache while its key is being read waits for
 * that read rather than starting its own. A burst of one key's first requests read it as many times, and past the
 * PostgreSQL pool's wait queue the rest failed at once. Used on one verticle's context (not thread-safe); {@link
 * #forget} and {@link #clear} go with the cache's own invalidation, so a request after a change reads again.
 */
public final class Lookups<K, V> {
  private final Map<K, Future<V>> inFlight = new HashMap<>();

  /** The read of {@code key} in flight, or a new one from {@code read}; forgotten once it completes. */
  public Future<V> of(K key, Supplier<Future<V>> read) {
    Future<V> pending = inFlight.get(key);
    if (pending != null) {
      return pending;
    }
    Future<V> started = read.get();
    if (!started.isComplete()) {
      inFlight.put(key, started);
      started.onComplete(done -> inFlight.remove(key, started));
    }
    return started;
  }

  /** Whether a read of {@code key} is in flight: a request for it now would join that read, not start one. */
  public boolean pending(K key) {
    return inFlight.containsKey(key);
  }

  /** A read of {@code key} begun before now is no longer joined (what it read may predate a change). */
  public void forget(K key) {
    inFlight.remove(key);
  }

  /** Reads begun before now are no longer joined. */
  public void clear() {
    inFlight.clear();
  }
}

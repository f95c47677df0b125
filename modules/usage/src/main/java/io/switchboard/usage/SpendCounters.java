package io.switchboard.usage;

import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaKeys;
import io.switchboard.store.SpendCounterCache;
import io.switchboard.store.UsageStore.Charge;
import io.switchboard.store.UsageStore.Written;
import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the Redis spend counters the auth role admits against (user's spend on the row's quota day, remaining
 * balance, key's spend) by what a written batch charged, in one round trip and exactly once
 * ({@link SpendCounterCache}). Counters a charge could not move (Redis failed) are invalidated as soon as Redis
 * answers again, so that they are rebuilt from PostgreSQL rather than stay short of it.
 */
final class SpendCounters {
  private static final Logger LOG = LoggerFactory.getLogger(SpendCounters.class);
  /** Counters waiting to be invalidated, at most: past it they stay as they are until their ttl. */
  private static final int MAX_STALE = 100_000;
  private final SpendCounterCache cache;
  private final QuotaDay quotaDay;
  private final Set<String> stale = new LinkedHashSet<>();

  SpendCounters(SpendCounterCache cache, QuotaDay quotaDay) {
    this.cache = cache;
    this.quotaDay = quotaDay;
  }

  Future<Void> charge(Written written) {
    Map<String, Long> moves = new TreeMap<>();
    for (Charge c : written.charges()) {
      moves.merge(QuotaKeys.keySpend(c.keyId()), c.chargedMicros(), Long::sum);
      if (c.userId() != 0) {
        moves.merge(QuotaKeys.daySpend(c.userId(), quotaDay.nameOf(c.atMs())), c.chargedMicros(), Long::sum);
        moves.merge(QuotaKeys.balance(c.userId()), -c.chargedMicros(), Long::sum);
      }
    }
    List<String> invalidating = List.copyOf(stale);
    List<Request> requests = new ArrayList<>(2);
    if (!invalidating.isEmpty()) {
      requests.add(SpendCounterCache.invalidation(invalidating));
    }
    if (!moves.isEmpty()) {
      requests.add(cache.charge(written.xid(), List.copyOf(moves.keySet()), List.copyOf(moves.values())));
    }
    if (requests.isEmpty()) {
      return Future.succeededFuture();
    }
    return cache.batch(requests).<Void>mapEmpty()
      .onSuccess(v -> invalidating.forEach(stale::remove))
      .onFailure(failure -> remember(moves.keySet()));
  }

  /** Invalidates what earlier failures left, when there is anything. */
  Future<Void> retry() {
    return stale.isEmpty() ? Future.succeededFuture() : charge(new Written(List.of(), 0));
  }

  private void remember(Set<String> counters) {
    for (String counter : counters) {
      if (stale.size() >= MAX_STALE) {
        LOG.error("{} spend counters wait to be invalidated; more are left to their ttl", MAX_STALE);
        return;
      }
      stale.add(counter);
    }
  }
}

package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Redis spend counters ({@link QuotaKeys}: a user's spend per day, balance, a key's spend) as caches of
 * PostgreSQL that stay exact while charges and rebuilds race, on any number of nodes. A rebuild marks the counter
 * ({@code <counter>:rebuild}) before it reads PostgreSQL, and the read comes with its snapshot; a charge (redis/spend.lua,
 * by the id of the transaction that wrote it) moves a counter only when the counter's read did not see that
 * transaction, and while a rebuild is under way puts its amount aside for the rebuild (redis/rebuild.lua) to add
 * if its read did not see it. So no charge is counted twice or lost, whichever order the writes, the read and the
 * Redis calls happen in. A counter that may have missed a charge (Redis failed) is invalidated: it, its snapshot, a
 * rebuild under way and what was put aside go, and the next reader rebuilds it.
 */
public final class SpendCounterCache {
  /** How long a rebuild may take between its mark and its finish before its result no longer counts. */
  private static final long REBUILD_MS = 120_000;
  private final Redis redis;
  private final RedisScript spend = RedisScript.named("spend");
  private final RedisScript finish = RedisScript.named("rebuild");

  public SpendCounterCache(Redis redis) {
    this.redis = redis;
  }

  /**
   * Rebuilds a missing counter from {@code read} (a PostgreSQL read with its snapshot): marks it, reads, finishes.
   * Completes with false when another rebuild owns the counter (its caller simply reads the counter again).
   */
  public Future<Boolean> rebuild(String counter, Supplier<Future<QuotaStore.CounterRead>> read, long ttlMs) {
    return begin(counter).compose(token -> read.get().compose(value -> finish(counter, token, value, ttlMs)));
  }

  /** Marks the counter as being rebuilt; its token, or null when another rebuild is under way. */
  public Future<String> begin(String counter) {
    String token = UUID.randomUUID().toString();
    return redis.send(Request.cmd(Command.SET).arg(counter + ":rebuild").arg(token).arg("NX").arg("PX").arg(REBUILD_MS))
      .map(ok -> ok == null ? null : token);
  }

  /** Sets the counter from the read plus the charges it did not see; false when it was not this rebuild's to set. */
  public Future<Boolean> finish(String counter, String token, QuotaStore.CounterRead read, long ttlMs) {
    if (token == null) {
      return Future.succeededFuture(false);
    }
    return finish.run(redis, List.of(counter), List.of(token, Long.toString(read.value()), read.snapshot(),
      Long.toString(ttlMs))).map(set -> set.toInteger() == 1);
  }

  /** The request that moves {@code counters} by {@code amounts} for transaction {@code xid} (batch it, see below). */
  public Request charge(long xid, List<String> counters, List<Long> amounts) {
    List<String> args = new ArrayList<>(amounts.size() + 1);
    args.add(Long.toString(xid));
    amounts.forEach(amount -> args.add(Long.toString(amount)));
    return spend.request(counters, args);
  }

  /** Runs requests built with {@link #charge}, loading the script first when Redis does not know it. */
  public Future<List<Response>> batch(List<Request> requests) {
    return redis.batch(requests).recover(failure -> {
      if (failure.getMessage() == null || !failure.getMessage().contains("NOSCRIPT")) {
        return Future.failedFuture(failure);
      }
      return spend.load(redis).compose(v -> redis.batch(requests));
    });
  }

  /** The request that drops counters (and what belongs to them) so that their next reader rebuilds them. */
  public static Request invalidation(Collection<String> counters) {
    Request del = Request.cmd(Command.DEL);
    for (String counter : counters) {
      del.arg(counter).arg(counter + ":snap").arg(counter + ":rebuild").arg(counter + ":late");
    }
    return del;
  }

  /** Drops counters now. */
  public Future<Void> invalidate(Collection<String> counters) {
    return redis.send(invalidation(counters)).mapEmpty();
  }
}

package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;

/**
 * Daily aggregates of usage_log per user, key and model (UTC days), so summaries never scan the raw log.
 * Recomputing a day replaces that day's rows from the raw log: idempotent, and safe to run again late. A model is
 * rolled up by its first {@value #MODEL_CHARS} characters (the longest name the ingress accepts): a longer name in
 * the raw log (written before that check, or by hand) must not make the day's rollup fail on its index.
 */
public final class RollupStore {
  public static final int MODEL_CHARS = 256;
  private final Pool pool;

  public RollupStore(Pool pool) {
    this.pool = pool;
  }

  /** Recomputes one day's aggregates; returns how many aggregate rows it holds. */
  public Future<Integer> recompute(LocalDate day) {
    return pool.withTransaction(conn -> conn.preparedQuery("delete from usage_daily where day = $1")
      .execute(Tuple.of(day))
      .compose(v -> conn.preparedQuery("""
          insert into usage_daily (day, user_id, key_id, model, requests, errors, input_tokens, output_tokens,
            cached_tokens, cache_write_tokens, reasoning_tokens, base_cost_micros, charged_cost_micros)
          select $1::date, user_id, key_id, left(model, 256), count(*), count(*) filter (where status >= 400),
            sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cache_write_tokens),
            sum(reasoning_tokens), sum(base_cost_micros), sum(charged_cost_micros)
          from usage_log
          where created_at >= $1::date::timestamp at time zone 'UTC'
            and created_at < ($1::date + 1)::timestamp at time zone 'UTC'
          group by user_id, key_id, left(model, 256)""")
        .execute(Tuple.of(day)))
      .map(rows -> rows.rowCount()));
  }
}

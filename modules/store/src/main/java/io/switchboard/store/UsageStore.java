package io.switchboard.store;

import io.switchboard.api.ErrorClass;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Writes usage rows, a whole batch in one statement (arrays unnested server-side: one parse, one plan, one
 * round trip), and in the same transaction moves the keys' spend and the users' prepaid balances (one
 * quota_history row per user per batch). A fresh batch is a plain insert: all of it or none. A batch that may have
 * been written before (replayed from the spool, or one that met a row already there) skips each request id already
 * written at the same start time, and only the rows really inserted are charged; that check costs PostgreSQL about
 * a third more per row, so only such batches pay it.
 */
public final class UsageStore {
  /** What one written row charged, and when its request started (its quota day): the counters in Redis move by it. */
  public record Charge(long keyId, long userId, long chargedMicros, long atMs) {
  }

  /** What a written batch charged (non-zero rows only), and the id of the transaction that wrote it. */
  public record Written(List<Charge> charges, long xid) {
  }

  // Each array is unnested in the select list, where PostgreSQL steps them along together row by row; unnested in
  // FROM (unnest(a, b, ...)), it first copies each array into a tuple store of its own: about a fifth more of its CPU
  // per row written, measured with batches of 1,000 rows.
  private static final String INSERT_COLUMNS = """
      insert into usage_log (request_id, created_at, key_id, user_id, group_name, on_fallback, account_id, model,
        upstream_model, input_tokens, output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, status,
        latency_ms, ttfb_ms, stream, outcome, base_cost_micros, charged_cost_micros, price_missing, estimated,
        error_class, endpoint, client_ip, request_bytes, response_bytes, units)
      select unnest($1::text[]), unnest($2::timestamptz[]), unnest($3::bigint[]), unnest($4::bigint[]),
        unnest($5::text[]), unnest($6::bool[]), unnest($7::bigint[]), unnest($8::text[]), unnest($9::text[]),
        unnest($10::bigint[]), unnest($11::bigint[]), unnest($12::bigint[]), unnest($13::bigint[]),
        unnest($14::bigint[]), unnest($15::int[]), unnest($16::int[]), unnest($17::int[]), unnest($18::bool[]),
        unnest($19::text[]), unnest($20::bigint[]), unnest($21::bigint[]), unnest($22::bool[]), unnest($23::bool[]),
        unnest($24::text[]), unnest($25::text[]), unnest($26::text[]), unnest($27::bigint[]), unnest($28::bigint[]),
        unnest($29::bigint[])""";
  private static final String INSERT_NEW = INSERT_COLUMNS + """

      on conflict (request_id, created_at) do nothing
      returning key_id, user_id, charged_cost_micros, created_at""";
  private static final String KEY_SPEND = """
      update api_keys k set spent_micros = k.spent_micros + s.charged
      from (select unnest($1::bigint[]) as id, unnest($2::bigint[]) as charged) s where k.id = s.id""";
  private static final String BALANCES = """
      with spent as (select unnest($1::bigint[]) as user_id, unnest($2::bigint[]) as charged),
      moved as (update users u set balance_micros = u.balance_micros - s.charged from spent s
                where u.id = s.user_id and u.balance_micros is not null
                returning u.id, u.balance_micros + s.charged as before, u.balance_micros as after, s.charged)
      insert into quota_history (user_id, before_micros, after_micros, delta_micros, reason, actor)
      select id, before, after, -charged, 'usage', 'usage-recorder' from moved""";
  private final Pool pool;

  public UsageStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Inserts the batch and charges what was inserted; returns the charges (non-zero only) and the transaction's id.
   * {@code mayBeWritten}: some rows may be in the table already (they are skipped and not charged again);
   * otherwise a row already there fails the whole batch with a unique violation (23505).
   */
  public Future<Written> insert(List<PricedUsage> rows, boolean mayBeWritten) {
    return pool.withTransaction(conn -> {
      Future<List<Charge>> inserted;
      if (mayBeWritten) {
        inserted = conn.preparedQuery(INSERT_NEW).execute(insertArgs(rows)).map(written -> {
          List<Charge> charges = new ArrayList<>();
          for (Row row : written) {
            if (row.getLong(2) != 0) {
              charges.add(new Charge(row.getLong(0), row.getLong(1), row.getLong(2),
                row.getOffsetDateTime(3).toInstant().toEpochMilli()));
            }
          }
          return charges;
        });
      } else {
        inserted = conn.preparedQuery(INSERT_COLUMNS).execute(insertArgs(rows)).map(written -> {
          List<Charge> charges = new ArrayList<>();
          for (PricedUsage row : rows) {
            if (row.chargedMicros() != 0) {
              charges.add(new Charge(row.record().keyId(), row.record().userId(), row.chargedMicros(),
                row.record().startedAtMs()));
            }
          }
          return charges;
        });
      }
      return inserted.compose(charges -> charges.isEmpty() ? Future.succeededFuture(new Written(charges, 0))
        : charge(conn, charges).compose(v -> conn.query("select txid_current()").execute())
          .map(xid -> new Written(charges, xid.iterator().next().getLong(0))));
    });
  }

  private static Future<Void> charge(SqlConnection conn, List<Charge> charges) {
    if (charges.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<Long, Long> byKey = new LinkedHashMap<>();
    Map<Long, Long> byUser = new LinkedHashMap<>();
    for (Charge c : charges) {
      byKey.merge(c.keyId(), c.chargedMicros(), Long::sum);
      if (c.userId() != 0) {
        byUser.merge(c.userId(), c.chargedMicros(), Long::sum);
      }
    }
    return conn.preparedQuery(KEY_SPEND)
      .execute(Tuple.tuple().addValue(byKey.keySet().toArray(Long[]::new)).addValue(byKey.values().toArray(Long[]::new)))
      .compose(v -> byUser.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(BALANCES)
        .execute(Tuple.tuple().addValue(byUser.keySet().toArray(Long[]::new))
          .addValue(byUser.values().toArray(Long[]::new))))
      .mapEmpty();
  }

  /**
   * The batch as one array per column, in the statement's order. Each column is filled into an array of its own type
   * by one method ({@link #column}): stores into 29 arrays of five types through one {@code Object[][]} made the JIT
   * recompile this method over and over under load (a failed array type check each time, 8 recompilations in 20 s).
   */
  private static Tuple insertArgs(List<PricedUsage> rows) {
    return Tuple.from(new Object[] {
      column(rows, String[]::new, p -> p.record().requestId()),
      column(rows, OffsetDateTime[]::new,
        p -> OffsetDateTime.ofInstant(Instant.ofEpochMilli(p.record().startedAtMs()), ZoneOffset.UTC)),
      column(rows, Long[]::new, p -> p.record().keyId()),
      column(rows, Long[]::new, p -> p.record().userId()),
      column(rows, String[]::new, p -> p.record().group()),
      column(rows, Boolean[]::new, p -> p.record().onFallback()),
      column(rows, Long[]::new, p -> p.record().accountId()),
      column(rows, String[]::new, p -> p.record().model()),
      column(rows, String[]::new, p -> p.record().upstreamModel()),
      column(rows, Long[]::new, p -> p.record().usage().inputTokens()),
      column(rows, Long[]::new, p -> p.record().usage().outputTokens()),
      column(rows, Long[]::new, p -> p.record().usage().cacheReadTokens()),
      column(rows, Long[]::new, p -> p.record().usage().cacheWriteTokens()),
      column(rows, Long[]::new, p -> p.record().usage().reasoningTokens()),
      column(rows, Integer[]::new, p -> p.record().status()),
      column(rows, Integer[]::new, p -> (int) Math.min(Integer.MAX_VALUE, p.record().latencyMs())),
      column(rows, Integer[]::new,
        p -> p.record().ttfbMs() < 0 ? null : (int) Math.min(Integer.MAX_VALUE, p.record().ttfbMs())),
      column(rows, Boolean[]::new, p -> p.record().stream()),
      column(rows, String[]::new, p -> p.record().outcome()),
      column(rows, Long[]::new, PricedUsage::baseMicros),
      column(rows, Long[]::new, PricedUsage::chargedMicros),
      column(rows, Boolean[]::new, PricedUsage::priceMissing),
      column(rows, Boolean[]::new, p -> p.record().estimated()),
      column(rows, String[]::new, p -> ErrorClass.wireName(p.record().errorClass())),
      column(rows, String[]::new, p -> p.record().traffic().endpoint()),
      column(rows, String[]::new, p -> p.record().traffic().clientIp()),
      column(rows, Long[]::new, p -> p.record().traffic().requestBytes()),
      column(rows, Long[]::new, p -> p.record().traffic().responseBytes()),
      column(rows, Long[]::new, p -> p.record().traffic().units())});
  }

  private static <T> T[] column(List<PricedUsage> rows, IntFunction<T[]> array, Function<PricedUsage, T> value) {
    T[] column = array.apply(rows.size());
    for (int i = 0; i < column.length; i++) {
      column[i] = value.apply(rows.get(i));
    }
    return column;
  }
}

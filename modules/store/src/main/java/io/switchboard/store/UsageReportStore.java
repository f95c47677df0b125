package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Usage as reports read it. Days are UTC days, the days of the usage_daily rollups: aggregates read the rollups for
 * days before today and today's rows from the raw log (one partition), so no report scans the whole log. Records
 * read the raw log inside a time range, newest first, a bounded page at a time. Totals and records carry the base
 * cost (before the group ratio and the user's multiplier) beside the charged cost: whoever shows them to a user
 * leaves the base cost out.
 */
public final class UsageReportStore {
  /** Whose usage: one user, one key, both, or everything when both are null. */
  public record Scope(Long userId, Long keyId) {
  }

  /** How aggregates are grouped: by day (YYYY-MM-DD), month (YYYY-MM), model or key id, or all in one. */
  public enum Group {
    TOTAL("'total'"), DAY("to_char(d, 'YYYY-MM-DD')"), MONTH("to_char(d, 'YYYY-MM')"), MODEL("model"),
    KEY("key_id::text");

    final String expression;

    Group(String expression) {
      this.expression = expression;
    }
  }

  /** Requests, errors, tokens, and the charged and base cost of some usage. */
  public record Totals(long requests, long errors, long inputTokens, long outputTokens, long cachedTokens,
                      long cacheWriteTokens, long reasoningTokens, long costMicros, long baseCostMicros) {
    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** The totals of one group: {@code key} is its day, month, model or key id as text. */
  /** The totals of one minute or hour starting at {@code at}. */
  public record Bucket(Instant at, Totals totals) {
  }

  public record Grouped(String key, Totals totals) {
  }

  /** Raw records between {@code from} (inclusive) and {@code to} (exclusive); null model/status do not filter. */
  public record RecordFilter(Scope scope, Instant from, Instant to, String model, Integer status, Boolean failed) {
  }

  /** Where the previous page ended: records strictly older than this one come next. */
  public record Cursor(Instant createdAt, String requestId) {
  }

  private static final String ROLLUP_COLUMNS = "requests, errors, input_tokens, output_tokens, cached_tokens,"
    + " cache_write_tokens, reasoning_tokens, base_cost_micros, charged_cost_micros";
  private static final String RAW_COLUMNS = "1::bigint, case when status >= 400 then 1::bigint else 0::bigint end,"
    + " input_tokens, output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, base_cost_micros,"
    + " charged_cost_micros";
  private final Pool pool;

  public UsageReportStore(Pool pool) {
    this.pool = pool;
  }

  /** The first instant of a UTC day. */
  public static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * Aggregates over the UTC days {@code from}..{@code to} (both inclusive; a null {@code from} has no lower bound),
   * where {@code today} is read raw and earlier days from the rollups. Rows ordered by their key.
   */
  public Future<List<Grouped>> aggregate(Group group, Scope scope, LocalDate from, LocalDate to, LocalDate today) {
    List<Object> args = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    LocalDate lastPast = to.isBefore(today) ? to : today.minusDays(1);
    if (from == null || !from.isAfter(lastPast)) {
      StringBuilder past = new StringBuilder("select day as d, model, key_id, " + ROLLUP_COLUMNS
        + " from usage_daily where day <= " + arg(args, lastPast));
      if (from != null) {
        past.append(" and day >= ").append(arg(args, from));
      }
      parts.add(past.append(scope(scope, args)).toString());
    }
    if ((from == null || !today.isBefore(from)) && !today.isAfter(to)) {
      parts.add("select " + arg(args, today) + "::date as d, left(model, " + RollupStore.MODEL_CHARS + "), key_id, " + RAW_COLUMNS
        + " from usage_log where created_at >= " + arg(args, utc(startOf(today)))
        + " and created_at < " + arg(args, utc(startOf(today.plusDays(1)))) + scope(scope, args));
    }
    if (parts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String sql = "select " + group.expression + " as k, sum(requests)::bigint as requests,"
      + " sum(errors)::bigint as errors, sum(input_tokens)::bigint as input_tokens,"
      + " sum(output_tokens)::bigint as output_tokens, sum(cached_tokens)::bigint as cached_tokens,"
      + " sum(cache_write_tokens)::bigint as cache_write_tokens, sum(reasoning_tokens)::bigint as reasoning_tokens,"
      + " sum(base_cost_micros)::bigint as base_cost_micros, sum(charged_cost_micros)::bigint as charged_cost_micros"
      + " from (" + String.join(" union all ", parts) + ") u(d, model, key_id, " + ROLLUP_COLUMNS + ")"
      + " group by 1 order by 1";
    return pool.preparedQuery(sql).execute(Tuple.from(args)).map(rows -> {
      List<Grouped> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Grouped(r.getString("k"), totals(r))));
      return out;
    });
  }

  /** One set of totals (zeros when there is no usage). */
  public Future<Totals> totals(Scope scope, LocalDate from, LocalDate to, LocalDate today) {
    return aggregate(Group.TOTAL, scope, from, to, today)
      .map(rows -> rows.isEmpty() ? Totals.ZERO : rows.get(0).totals());
  }

  /**
   * Totals per UTC minute or hour ({@code unit} "minute" or "hour") between {@code from} (inclusive) and {@code to}
   * (exclusive), read from the raw log; buckets without requests are absent. Each row's {@code at} is its start.
   */
  public Future<List<Bucket>> series(Scope scope, String unit, Instant from, Instant to) {
    List<Object> args = new ArrayList<>();
    String sql = "select date_trunc(" + arg(args, unit) + ", created_at at time zone 'UTC') as t,"
      + " count(*)::bigint as requests, count(*) filter (where status >= 400)::bigint as errors,"
      + " sum(input_tokens)::bigint as input_tokens, sum(output_tokens)::bigint as output_tokens,"
      + " sum(cached_tokens)::bigint as cached_tokens, sum(cache_write_tokens)::bigint as cache_write_tokens,"
      + " sum(reasoning_tokens)::bigint as reasoning_tokens, sum(base_cost_micros)::bigint as base_cost_micros,"
      + " sum(charged_cost_micros)::bigint as charged_cost_micros from usage_log where created_at >= "
      + arg(args, utc(from)) + " and created_at < " + arg(args, utc(to)) + scope(scope, args)
      + " group by 1 order by 1";
    return pool.preparedQuery(sql).execute(Tuple.from(args)).map(rows -> {
      List<Bucket> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Bucket(r.getLocalDateTime("t").toInstant(ZoneOffset.UTC), totals(r))));
      return out;
    });
  }

  /** A page of raw records, newest first, strictly after {@code after} (null: from the newest). */
  public Future<List<UsageLogEntry>> records(RecordFilter f, Cursor after, int limit) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("select " + UsageLogEntry.COLUMNS + " from usage_log where created_at >= ")
      .append(arg(args, utc(f.from())))
      .append(" and created_at < ").append(arg(args, utc(f.to()))).append(scope(f.scope(), args));
    if (f.model() != null) {
      sql.append(" and model = ").append(arg(args, f.model()));
    }
    if (f.status() != null) {
      sql.append(" and status = ").append(arg(args, f.status()));
    }
    if (f.failed() != null) {
      sql.append(f.failed() ? " and status >= 400" : " and status < 400");
    }
    if (after != null) {
      sql.append(" and (created_at, request_id) < (").append(arg(args, utc(after.createdAt()))).append(", ")
        .append(arg(args, after.requestId())).append(")");
    }
    sql.append(" order by created_at desc, request_id desc limit ").append(arg(args, limit));
    return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
      List<UsageLogEntry> out = new ArrayList<>();
      rows.forEach(r -> out.add(UsageLogEntry.of(r)));
      return out;
    });
  }

  /** When each key was last used, from the newest usage row (an index lookup per key and partition). */
  public Future<java.util.Map<Long, String>> lastRequests(Long keyId) {
    return pool.preparedQuery("""
        select k.id, (select max(created_at) from usage_log l where l.key_id = k.id) as last
        from api_keys k where $1::bigint is null or k.id = $1""").execute(Tuple.of(keyId))
      .map(rows -> {
        java.util.Map<Long, String> out = new java.util.HashMap<>();
        rows.forEach(r -> {
          OffsetDateTime last = r.getOffsetDateTime("last");
          out.put(r.getLong("id"), last == null ? null : last.toInstant().toString());
        });
        return out;
      });
  }

  private static Totals totals(Row r) {
    return new Totals(r.getLong("requests"), r.getLong("errors"), r.getLong("input_tokens"), r.getLong("output_tokens"),
      r.getLong("cached_tokens"), r.getLong("cache_write_tokens"), r.getLong("reasoning_tokens"),
      r.getLong("charged_cost_micros"), r.getLong("base_cost_micros"));
  }

  private static String scope(Scope scope, List<Object> args) {
    String sql = "";
    if (scope.userId() != null) {
      sql += " and user_id = " + arg(args, scope.userId());
    }
    if (scope.keyId() != null) {
      sql += " and key_id = " + arg(args, scope.keyId());
    }
    return sql;
  }

  private static String arg(List<Object> args, Object value) {
    args.add(value);
    return "$" + args.size();
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}

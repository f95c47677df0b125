package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * What each account did lately, as the console's health grid shows it: requests, errors and median latencies of
 * the requests it served (usage_log, one partition or two), and its newest failed attempt (outcome_log, which also
 * holds attempts that failed over to another account).
 */
public final class AccountActivityStore {
  /** One account's recent requests; the medians are null when it served none successfully. */
  public record Activity(long requests, long errors, Long medianLatencyMs, Long medianTtfbMs) {
  }

  /** An account's newest failed upstream attempt: status 0 when no answer came. */
  public record Failure(Instant at, int status, String errorClass) {
  }

  private final Pool pool;

  public AccountActivityStore(Pool pool) {
    this.pool = pool;
  }

  /** Per account id, what it served since {@code since}. */
  public Future<Map<Long, Activity>> servedSince(Instant since) {
    return pool.preparedQuery("""
        select account_id, count(*)::bigint as requests, count(*) filter (where status >= 400)::bigint as errors,
          percentile_disc(0.5) within group (order by latency_ms) filter (where status < 400) as latency,
          percentile_disc(0.5) within group (order by ttfb_ms) filter (where status < 400) as ttfb
        from usage_log where created_at >= $1 and account_id is not null group by account_id""")
      .execute(Tuple.of(OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
      .map(rows -> {
        Map<Long, Activity> out = new HashMap<>();
        for (Row r : rows) {
          out.put(r.getLong("account_id"), new Activity(r.getLong("requests"), r.getLong("errors"),
            number(r, "latency"), number(r, "ttfb")));
        }
        return out;
      });
  }

  /** Per account id, its newest failed attempt since {@code since}. */
  public Future<Map<Long, Failure>> lastFailures(Instant since) {
    return pool.preparedQuery("""
        select distinct on (account_id) account_id, at, status, error_class from outcome_log
        where at >= $1 and (status = 0 or status >= 400) order by account_id, at desc""")
      .execute(Tuple.of(OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
      .map(rows -> {
        Map<Long, Failure> out = new HashMap<>();
        for (Row r : rows) {
          out.put(r.getLong("account_id"), new Failure(r.getOffsetDateTime("at").toInstant(),
            r.getInteger("status"), r.getString("error_class")));
        }
        return out;
      });
  }

  private static Long number(Row r, String column) {
    Object value = r.getValue(column);
    return value == null ? null : ((Number) value).longValue();
  }
}

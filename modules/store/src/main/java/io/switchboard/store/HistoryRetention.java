package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Deletes history rows older than a cutoff from one of the tables that otherwise grow forever. Rows go in batches of
 * {@value #BATCH}, each its own statement, so a large backlog never holds one long transaction or lock.
 */
public final class HistoryRetention {
  private static final int BATCH = 10_000;

  /** The tables kept for a number of days, each with its {@code at} column. */
  public enum Table {
    AUDIT_LOG("audit_log"),
    QUOTA_HISTORY("quota_history"),
    RULE_HITS("rule_hits"),
    ACCOUNT_STATUS_EVENTS("account_status_events");

    private final String sql;

    Table(String sql) {
      this.sql = sql;
    }

    /** The table's name in PostgreSQL. */
    public String sqlName() {
      return sql;
    }
  }

  private final Pool pool;

  public HistoryRetention(Pool pool) {
    this.pool = pool;
  }

  /** Deletes the table's rows older than {@code cutoff}; how many went. */
  public Future<Long> pruneBefore(Table table, Instant cutoff) {
    return prune("delete from " + table.sqlName() + " where id in (select id from " + table.sqlName()
      + " where at < $1 limit " + BATCH + ")", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), 0);
  }

  private Future<Long> prune(String sql, OffsetDateTime cutoff, long sofar) {
    return pool.preparedQuery(sql).execute(Tuple.of(cutoff)).compose(rows -> rows.rowCount() < BATCH
      ? Future.succeededFuture(sofar + rows.rowCount()) : prune(sql, cutoff, sofar + rows.rowCount()));
  }
}

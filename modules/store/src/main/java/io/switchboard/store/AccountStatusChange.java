package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One account's status change and its {@code account_status_events} row, in one statement that applies only when
 * its condition holds (the row is locked, so the "from" status is the one replaced): concurrent writers on any node
 * store a change once. Shared by the health tracking and the rule engine.
 */
final class AccountStatusChange {
  private static final String CHANGE = """
      with old as (select id, status from accounts where id = $1 for update),
      changed as (
        update accounts a set status = $2, status_reason = $3, status_until = $4, updated_at = now()
        from old where a.id = old.id and (%s)
        returning a.id, old.status as previous)
      insert into account_status_events (account_id, from_status, to_status, reason, until, request_id)
      select id, previous, $2, $3, $4, $5 from changed
      returning from_status""";

  private AccountStatusChange() {
  }

  /**
   * Sets the status when {@code condition} (SQL over the row as {@code a}; {@code $4} is {@code until}) holds; the
   * previous status, or null when nothing changed.
   */
  static Future<String> apply(Pool pool, String condition, long accountId, String status, String reason,
                              Instant until, String requestId) {
    OffsetDateTime end = until == null ? null : OffsetDateTime.ofInstant(until, ZoneOffset.UTC);
    return pool.preparedQuery(CHANGE.formatted(condition))
      .execute(Tuple.of(accountId, status, reason, end, requestId))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }
}

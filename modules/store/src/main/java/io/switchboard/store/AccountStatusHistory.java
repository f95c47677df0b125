package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads an account's status history ({@code account_status_events}), newest first. */
public final class AccountStatusHistory {
  /** One status change: when, from what to what, why, until when, and the request that caused it (if any). */
  public record Event(long id, long accountId, Instant at, String from, String to, String reason, Instant until,
                      String requestId) {
  }

  private final Pool pool;

  public AccountStatusHistory(Pool pool) {
    this.pool = pool;
  }

  /** The account's latest {@code limit} status changes, newest first. */
  public Future<List<Event>> latest(long accountId, int limit) {
    return pool.preparedQuery("""
        select id, account_id, at, from_status, to_status, reason, until, request_id from account_status_events
        where account_id = $1 order by at desc, id desc limit $2""")
      .execute(Tuple.of(accountId, limit))
      .map(rows -> {
        List<Event> events = new ArrayList<>();
        for (Row row : rows) {
          OffsetDateTime until = row.getOffsetDateTime("until");
          events.add(new Event(row.getLong("id"), row.getLong("account_id"), row.getOffsetDateTime("at").toInstant(),
            row.getString("from_status"), row.getString("to_status"), row.getString("reason"),
            until == null ? null : until.toInstant(), row.getString("request_id")));
        }
        return events;
      });
  }
}

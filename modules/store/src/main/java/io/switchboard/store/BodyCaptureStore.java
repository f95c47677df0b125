package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Captured request and response bodies (table {@code request_bodies}) and who they are captured for: keys and user
 * groups switched on. Apart from usage_log, with their own retention.
 */
public final class BodyCaptureStore {
  /** The bodies of one request, as stored (already capped and redacted). */
  public record Bodies(String requestId, Instant createdAt, long keyId, String request, boolean requestTruncated,
                       String response, boolean responseTruncated, boolean reassembled) {
  }

  /** Who has capture on: key ids and group names. */
  public record Policy(Set<Long> keys, Set<String> groups) {
  }

  private final Pool pool;

  public BodyCaptureStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Policy> policy() {
    return Future.all(pool.query("select id from api_keys where capture_bodies").execute(),
        pool.query("select name from user_groups where capture_bodies").execute())
      .map(both -> {
        Set<Long> keys = new HashSet<>();
        Set<String> groups = new HashSet<>();
        for (Row row : both.<io.vertx.sqlclient.RowSet<Row>>resultAt(0)) {
          keys.add(row.getLong(0));
        }
        for (Row row : both.<io.vertx.sqlclient.RowSet<Row>>resultAt(1)) {
          groups.add(row.getString(0));
        }
        return new Policy(Set.copyOf(keys), Set.copyOf(groups));
      });
  }

  /** Switches capture for one key; false when no key has that id. */
  public Future<Boolean> setForKey(long keyId, boolean on) {
    return pool.preparedQuery("update api_keys set capture_bodies = $2 where id = $1").execute(Tuple.of(keyId, on))
      .map(rows -> rows.rowCount() > 0);
  }

  /** Switches capture for one user group; false when no group has that name. */
  public Future<Boolean> setForGroup(String group, boolean on) {
    return pool.preparedQuery("update user_groups set capture_bodies = $2 where name = $1")
      .execute(Tuple.of(group, on)).map(rows -> rows.rowCount() > 0);
  }

  /** Writes a batch; a request written before (a replay) keeps its first bodies. */
  public Future<Void> insert(List<Bodies> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>(batch.size());
    for (Bodies b : batch) {
      rows.add(Tuple.from(new Object[] {b.requestId(), OffsetDateTime.ofInstant(b.createdAt(), ZoneOffset.UTC),
        b.keyId(), b.request(), b.requestTruncated(), b.response(), b.responseTruncated(), b.reassembled()}));
    }
    return pool.preparedQuery("insert into request_bodies (request_id, created_at, key_id, request_body,"
        + " request_truncated, response_body, response_truncated, reassembled) values ($1, $2, $3, $4, $5, $6, $7, $8)"
        + " on conflict do nothing")
      .executeBatch(rows).mapEmpty();
  }

  /** The bodies of a request, or null when none were captured (or they are past retention). */
  public Future<Bodies> find(String requestId) {
    return pool.preparedQuery("select request_id, created_at, key_id, request_body, request_truncated, response_body,"
        + " response_truncated, reassembled from request_bodies where request_id = $1 limit 1")
      .execute(Tuple.of(requestId)).map(rows -> {
        if (rows.size() == 0) {
          return null;
        }
        Row r = rows.iterator().next();
        return new Bodies(r.getString(0), r.getOffsetDateTime(1).toInstant(), r.getLong(2), r.getString(3),
          r.getBoolean(4), r.getString(5), r.getBoolean(6), r.getBoolean(7));
      });
  }

  /** The usage row of a request (its detail), or null. */
  public Future<UsageLogEntry> usageRow(String requestId) {
    return pool.preparedQuery("select " + UsageLogEntry.COLUMNS + " from usage_log where request_id = $1 limit 1")
      .execute(Tuple.of(requestId)).map(rows -> rows.size() == 0 ? null : UsageLogEntry.of(rows.iterator().next()));
  }

  /** Deletes the bodies captured before {@code cutoff}; how many. */
  public Future<Integer> deleteBefore(Instant cutoff) {
    return pool.preparedQuery("delete from request_bodies where created_at < $1")
      .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))).map(rows -> rows.rowCount());
  }
}

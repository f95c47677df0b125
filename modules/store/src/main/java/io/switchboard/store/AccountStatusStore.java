package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes an account's status by rule and returns it to active when its time is up. Every change is one
 * conditional update, so concurrent writers cannot shorten a longer disable or lift a ban; whoever changes a row
 * announces {@code ConfigChanged("account", id)} (scheduler and providers drop their caches).
 */
public final class AccountStatusStore {
  /** What a rule needs to know of an account to decide whether it is in scope. */
  public record ScopeInfo(String provider, List<String> groups) {
  }

  // A status change and its row in account_status_events, in one statement: %1$s is the update (aliases a and b),
  // %2$s selects the ids it may touch; rows are locked so the "from" status is the one replaced. A change without
  // a reason is a return to active because the time was up.
  private static final String RECORDED = """
      with before as (select id, status from accounts where id in (%2$s) for update),
      changed as (%1$s returning a.id, b.status as from_status, a.status, a.status_reason, a.status_until)
      insert into account_status_events (account_id, from_status, to_status, reason, until)
      select id, from_status, status, coalesce(status_reason, 'expired'), status_until from changed
      returning account_id""";
  private final Pool pool;

  public AccountStatusStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Sets a temporary or permanent inactive status ({@code until} null = until an admin acts). Applies to an active
   * account, or one whose temporary status would end sooner than this one; never to a banned account. True when
   * the row changed.
   */
  public Future<Boolean> disable(long accountId, String status, String reason, Instant until) {
    return pool.preparedQuery(RECORDED.formatted("""
        update accounts a set status = $2, status_reason = $3, status_until = $4, updated_at = now() from before b
        where a.id = b.id and a.status <> 'banned' and (a.status = 'active'
          or (a.status_until is not null and a.status_until < coalesce($4, 'infinity'::timestamptz)))""", "$1"))
      .execute(Tuple.of(accountId, status, reason, until == null ? null : until.atOffset(ZoneOffset.UTC)))
      .map(rows -> rows.size() == 1);
  }

  /** Bans the account (no end time) unless it already is banned. True when the row changed. */
  public Future<Boolean> ban(long accountId, String reason) {
    return pool.preparedQuery(RECORDED.formatted("""
        update accounts a set status = 'banned', status_reason = $2, status_until = null, updated_at = now()
        from before b where a.id = b.id and a.status <> 'banned'""", "$1"))
      .execute(Tuple.of(accountId, reason)).map(rows -> rows.size() == 1);
  }

  /**
   * Returns every account whose temporary status (disabled, invalid, overloaded, rate_limited with an end time)
   * has passed to active; the ids of those that changed, for the caller to announce.
   */
  public Future<List<Long>> reenableExpired() {
    return pool.query(RECORDED.formatted("""
        update accounts a set status = 'active', status_reason = null, status_until = null, updated_at = now()
        from before b where a.id = b.id""", """
        (select id from accounts where status in ('disabled', 'invalid', 'overloaded', 'rate_limited')
          and status_until is not null and status_until <= now())""")).execute()
      .map(rows -> {
        List<Long> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getLong(0)));
        return ids;
      });
  }

  /** Provider kind and groups of every account, by id. */
  public Future<Map<Long, ScopeInfo>> scopeInfo() {
    return pool.query("select id, provider, groups from accounts").execute().map(rows -> {
      Map<Long, ScopeInfo> info = new HashMap<>();
      for (Row row : rows) {
        info.put(row.getLong("id"), new ScopeInfo(row.getString("provider"),
          List.copyOf(Arrays.asList(row.getArrayOfStrings("groups")))));
      }
      return info;
    });
  }
}

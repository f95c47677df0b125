package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
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

  // Re-enabling is the one multi-account change: its rows and their history rows in one statement.
  private static final String REENABLE_EXPIRED = """
      with before as (select id, status from accounts where status in ('disabled', 'invalid', 'overloaded',
          'rate_limited') and status_until is not null and status_until <= now() for update),
      changed as (update accounts a set status = 'active', status_reason = null, status_until = null,
          updated_at = now() from before b where a.id = b.id returning a.id, b.status as from_status)
      insert into account_status_events (account_id, from_status, to_status, reason)
      select id, from_status, 'active', 'expired' from changed
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
    return AccountStatusChange.apply(pool, "a.status <> 'banned' and (a.status = 'active'"
        + " or (a.status_until is not null and a.status_until < coalesce($4, 'infinity'::timestamptz)))",
      accountId, status, reason, until, null).map(previous -> previous != null);
  }

  /** Bans the account (no end time) unless it already is banned. True when the row changed. */
  public Future<Boolean> ban(long accountId, String reason) {
    return AccountStatusChange.apply(pool, "a.status <> 'banned'", accountId, "banned", reason, null, null)
      .map(previous -> previous != null);
  }

  /**
   * Returns every account whose temporary status (disabled, invalid, overloaded, rate_limited with an end time)
   * has passed to active; the ids of those that changed, for the caller to announce.
   */
  public Future<List<Long>> reenableExpired() {
    return pool.query(REENABLE_EXPIRED).execute()
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

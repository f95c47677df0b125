package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accounts' quotas. Usage rows move {@code quota_used} as they are written (a trigger on usage_log); here a quota is
 * set, read, found spent, and started over. A spent quota disables the account ({@code disabled}, reason
 * {@code quota_exhausted}) and raising or resetting it brings the account back, each a conditional change on the
 * account's status history, stored once however many roles race for it.
 */
public final class AccountQuotaStore {
  /** Status reason of an account whose quota is spent. */
  public static final String SPENT = "quota_exhausted";
  private static final String RESET_DAILY = """
      with due as (select id, status, status_reason from accounts
                   where quota_period = 'day' and quota_limit is not null for update),
      reset as (update accounts a set quota_used = 0,
                  status = case when d.status = 'disabled' and d.status_reason = 'quota_exhausted' then 'active'
                           else a.status end,
                  status_reason = case when d.status = 'disabled' and d.status_reason = 'quota_exhausted' then null
                                  else a.status_reason end,
                  updated_at = now()
                from due d where a.id = d.id
                returning a.id, d.status as from_status, a.status as to_status),
      back as (insert into account_status_events (account_id, from_status, to_status, reason)
               select id, from_status, to_status, 'quota_reset' from reset where from_status <> to_status
               returning account_id)
      select (select count(*) from reset), array(select account_id from back)""";
  private final Pool pool;

  public AccountQuotaStore(Pool pool) {
    this.pool = pool;
  }

  /** What the daily reset did: how many quotas started over and which accounts came back. */
  public record DailyReset(long quotas, List<Long> reenabled) {
  }

  /**
   * Sets the account's quota ({@code limit} null: none). A new unit or period starts the count over; a new limit
   * keeps it. True when the account exists.
   */
  public Future<Boolean> set(long accountId, String unit, String period, Long limit) {
    return pool.preparedQuery("""
        update accounts set quota_used = case when quota_unit is distinct from $2 or quota_period is distinct from $3
                                         then 0 else quota_used end,
          quota_unit = $2, quota_period = $3, quota_limit = $4, updated_at = now()
        where id = $1""")
      .execute(Tuple.of(accountId, limit == null ? null : unit, limit == null ? null : period, limit))
      .map(rows -> rows.rowCount() > 0);
  }

  /** Sets the count spent so far (an admin starting it over, say). */
  public Future<Boolean> setUsed(long accountId, long used) {
    return pool.preparedQuery("update accounts set quota_used = $2, updated_at = now() where id = $1")
      .execute(Tuple.of(accountId, used)).map(rows -> rows.rowCount() > 0);
  }

  /** The count spent of every account that has a quota, by id. */
  public Future<Map<Long, Long>> used() {
    return pool.query("select id, quota_used from accounts where quota_limit is not null").execute().map(rows -> {
      Map<Long, Long> used = new HashMap<>();
      for (Row row : rows) {
        used.put(row.getLong(0), row.getLong(1));
      }
      return used;
    });
  }

  /** Disables an account whose quota is spent (not one already off); the previous status, or null if unchanged. */
  public Future<String> markSpent(long accountId) {
    return AccountStatusChange.apply(pool, "a.status not in ('disabled', 'banned') and a.quota_limit is not null"
      + " and a.quota_used >= a.quota_limit", accountId, "disabled", SPENT, null, null);
  }

  /** An account disabled for its quota comes back when the quota has room again (raised, or reset); else null. */
  public Future<String> reactivateIfRoom(long accountId, String reason) {
    return AccountStatusChange.apply(pool, "a.status = 'disabled' and a.status_reason = '" + SPENT + "'"
      + " and (a.quota_limit is null or a.quota_used < a.quota_limit)", accountId, "active", reason, null, null);
  }

  /** Daily quotas start over; accounts they had disabled come back (each on its status history). */
  public Future<DailyReset> resetDaily() {
    return pool.query(RESET_DAILY).execute().map(rows -> {
      Row row = rows.iterator().next();
      List<Long> back = new ArrayList<>();
      for (Object id : row.getArrayOfLongs(1)) {
        back.add((Long) id);
      }
      return new DailyReset(row.getLong(0), back);
    });
  }
}

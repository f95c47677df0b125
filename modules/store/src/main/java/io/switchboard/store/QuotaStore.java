package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Users' balances, daily quotas and fallback groups, and keys' spend: the PostgreSQL truth behind the Redis
 * counters ({@link QuotaKeys}), and the one way a balance changes by hand (with its quota_history row).
 */
public final class QuotaStore {
  /** A user's quota settings; null fields are unset (no prepaid balance, no daily quota, no fallback). */
  public record UserQuota(Long balanceMicros, Long dailyQuotaMicros, String fallbackGroup) {
    public boolean limited() {
      return balanceMicros != null || dailyQuotaMicros != null;
    }
  }

  /** One balance change: before and after, in micro-units. */
  public record BalanceChange(long userId, long beforeMicros, long afterMicros) {
  }

  /** A balance change as quota_history keeps it: by how much, why, by whom, when. */
  public record HistoryEntry(long id, BalanceChange change, long deltaMicros, String reason, String actor, Instant at) {
  }

  /** A user on their fallback group today: their group, daily quota and fallback group, and since when. */
  public record FallbackUser(long userId, String username, String group, Long dailyQuotaMicros, String fallbackGroup,
                             Instant since) {
  }

  /**
   * A Redis counter's value as PostgreSQL holds it, and the snapshot of that read (txid_current_snapshot() text):
   * which charging transactions the value already includes ({@link SpendCounterCache}).
   */
  public record CounterRead(long value, String snapshot) {
  }

  private final Pool pool;

  public QuotaStore(Pool pool) {
    this.pool = pool;
  }

  /** The user's quota settings, or null when there is no such user. */
  public Future<UserQuota> userQuota(long userId) {
    return pool.preparedQuery("select balance_micros, daily_quota_micros, fallback_group from users where id = $1")
      .execute(Tuple.of(userId))
      .map(rows -> {
        if (rows.size() == 0) {
          return null;
        }
        Row row = rows.iterator().next();
        return new UserQuota(row.getLong(0), row.getLong(1), row.getString(2));
      });
  }

  /**
   * The user's charged spend since {@code since} (the start of their local day), or since an admin reset their
   * quota today when that was later.
   */
  public Future<Long> spendSince(long userId, Instant since) {
    return pool.preparedQuery("""
        select coalesce(sum(charged_cost_micros), 0) from usage_log where user_id = $1
          and created_at >= greatest($2, (select day_reset_at from users where id = $1))""")
      .execute(Tuple.of(userId, OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  /** {@link #spendSince} with the snapshot it was read in. */
  public Future<CounterRead> spendSinceRead(long userId, Instant since) {
    return read("""
        select coalesce(sum(charged_cost_micros), 0), txid_current_snapshot()::text from usage_log
        where user_id = $1 and created_at >= greatest($2, (select day_reset_at from users where id = $1))""",
      Tuple.of(userId, OffsetDateTime.ofInstant(since, ZoneOffset.UTC)));
  }

  /** The user's remaining prepaid balance ({@code Long.MAX_VALUE} when not prepaid), with its snapshot. */
  public Future<CounterRead> balanceRead(long userId) {
    return read("select coalesce(balance_micros, 9223372036854775807), txid_current_snapshot()::text from users "
      + "where id = $1", Tuple.of(userId));
  }

  /** The key's lifetime charged spend, with its snapshot. */
  public Future<CounterRead> keySpendRead(long keyId) {
    return read("select spent_micros, txid_current_snapshot()::text from api_keys where id = $1", Tuple.of(keyId));
  }

  /** A one-row read of a value and the snapshot; no row reads as 0 (a user or key deleted meanwhile). */
  private Future<CounterRead> read(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).compose(rows -> {
      if (rows.size() > 0) {
        Row row = rows.iterator().next();
        return Future.succeededFuture(new CounterRead(row.getLong(0), row.getString(1)));
      }
      return pool.query("select txid_current_snapshot()::text").execute()
        .map(snapshot -> new CounterRead(0, snapshot.iterator().next().getString(0)));
    });
  }

  /** The user's remaining prepaid balance, or null when the user has none. */
  public Future<Long> balance(long userId) {
    return pool.preparedQuery("select balance_micros from users where id = $1").execute(Tuple.of(userId))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  /** The key's lifetime charged spend. */
  public Future<Long> keySpend(long keyId) {
    return pool.preparedQuery("select spent_micros from api_keys where id = $1").execute(Tuple.of(keyId))
      .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  /**
   * Moves a user's balance by {@code deltaMicros} (a top-up is positive) and writes the quota_history row, in one
   * transaction. A user without a prepaid balance starts from 0. Fails when there is no such user.
   */
  public Future<BalanceChange> adjust(long userId, long deltaMicros, String reason, String actor) {
    return pool.withTransaction(conn -> conn.preparedQuery(
          "select coalesce(balance_micros, 0) from users where id = $1 for update")
        .execute(Tuple.of(userId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new IllegalArgumentException("no user with id " + userId));
          }
          long before = rows.iterator().next().getLong(0);
          long after = Math.addExact(before, deltaMicros);
          return conn.preparedQuery("update users set balance_micros = $2, updated_at = now() where id = $1")
            .execute(Tuple.of(userId, after))
            .compose(v -> conn.preparedQuery("""
                insert into quota_history (user_id, before_micros, after_micros, delta_micros, reason, actor)
                values ($1, $2, $3, $4, $5, $6)""")
              .execute(Tuple.of(userId, before, after, deltaMicros, reason, actor)))
            .map(v -> new BalanceChange(userId, before, after));
        }));
  }

  /** Marks that the user went on fallback today (kept until the daily reset), for admins to see. */
  public Future<Void> markFallback(long userId) {
    return pool.preparedQuery("update users set fallback_since = now() where id = $1 and fallback_since is null")
      .execute(Tuple.of(userId)).mapEmpty();
  }

  /** The daily reset: every user comes off fallback; returns how many were on it. */
  public Future<Integer> clearFallbacks() {
    return pool.query("update users set fallback_since = null where fallback_since is not null").execute()
      .map(rows -> rows.rowCount());
  }

  /**
   * Starts the user's quota day over now: spend before this instant no longer counts today, and they come off
   * fallback. False when there is no such user. The caller drops the Redis day counter, rebuilt from here.
   */
  public Future<Boolean> resetToday(long userId) {
    return pool.preparedQuery("update users set day_reset_at = now(), fallback_since = null where id = $1")
      .execute(Tuple.of(userId)).map(rows -> rows.rowCount() > 0);
  }

  /** Sets a user's daily quota and fallback group (null clears each); false when there is no such user. */
  public Future<Boolean> setDailyQuota(long userId, Long dailyQuotaMicros, String fallbackGroup) {
    return pool.preparedQuery("""
        update users set daily_quota_micros = $2, fallback_group = $3, updated_at = now() where id = $1""")
      .execute(Tuple.of(userId, dailyQuotaMicros, fallbackGroup)).map(rows -> rows.rowCount() > 0);
  }

  /** A user's balance changes, newest first. */
  public Future<List<HistoryEntry>> history(long userId, int limit, long offset) {
    return pool.preparedQuery("""
        select id, before_micros, after_micros, delta_micros, reason, actor, at from quota_history
        where user_id = $1 order by id desc limit $2 offset $3""")
      .execute(Tuple.of(userId, limit, offset))
      .map(rows -> {
        List<HistoryEntry> out = new ArrayList<>();
        rows.forEach(r -> out.add(new HistoryEntry(r.getLong("id"),
          new BalanceChange(userId, r.getLong("before_micros"), r.getLong("after_micros")), r.getLong("delta_micros"),
          r.getString("reason"), r.getString("actor"), r.getOffsetDateTime("at").toInstant())));
        return out;
      });
  }

  /** Users whose daily quota is spent and who run on their fallback group today, longest first. */
  public Future<List<FallbackUser>> onFallback() {
    return pool.query("""
        select id, username, group_name, daily_quota_micros, fallback_group, fallback_since from users
        where fallback_since is not null order by fallback_since, id""").execute()
      .map(rows -> {
        List<FallbackUser> out = new ArrayList<>();
        rows.forEach(r -> out.add(new FallbackUser(r.getLong("id"), r.getString("username"), r.getString("group_name"),
          r.getLong("daily_quota_micros"), r.getString("fallback_group"),
          r.getOffsetDateTime("fallback_since").toInstant())));
        return out;
      });
  }

  /** When the user went on fallback today, or null (also for no such user). */
  public Future<Instant> fallbackSince(long userId) {
    return pool.preparedQuery("select fallback_since from users where id = $1").execute(Tuple.of(userId))
      .map(rows -> {
        OffsetDateTime since = rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0);
        return since == null ? null : since.toInstant();
      });
  }
}

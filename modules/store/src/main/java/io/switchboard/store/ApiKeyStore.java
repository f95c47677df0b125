package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** Reads and writes client API keys by the SHA-256 of the key. */
public final class ApiKeyStore {
  /** The longest key name, wherever a key is named (admin API, bootstrap). */
  public static final int MAX_NAME = 100;
  private final Pool pool;

  public ApiKeyStore(Pool pool) {
    this.pool = pool;
  }

  /** The key whose hash this is, or null. */
  public Future<ApiKey> findByHash(String keyHash) {
    return pool.preparedQuery("""
        select k.id, k.name, k.display_prefix, k.models, k.enabled, coalesce(k.user_id, 0) as user_id,
          coalesce(u.group_name, 'default') as group_name, k.allowed_providers, k.rpm, k.tpm, k.max_concurrency,
          k.budget_micros, k.expires_at, k.ip_allow
        from api_keys k left join users u on u.id = k.user_id
        where k.key_hash = $1 and (u.id is null or u.enabled)""")
      .execute(Tuple.of(keyHash))
      .map(rows -> rows.size() == 0 ? null : toKey(rows.iterator().next()));
  }

  /** Limits a key's requests are admitted against; null: no such limit. */
  public record Limits(Integer rpm, Integer tpm, Integer maxConcurrency, Long budgetMicros) {
  }

  /**
   * A configured key (the bootstrap section), created or updated with its limits (null clears one); returns its id.
   * The row holding this secret is updated, owner and name included; else the owner's key of that name gets the new
   * secret (a rotation in the file); else the key is created. {@code ownerId} null leaves the owner as it is (a new
   * key has none).
   */
  public Future<Long> upsert(Long ownerId, String name, String keyHash, String displayPrefix, List<String> models,
                             Limits limits) {
    return pool.preparedQuery("""
        with same_secret as (
          update api_keys set name = $1, user_id = coalesce($9, user_id), display_prefix = $3, models = $4, rpm = $5,
            tpm = $6, max_concurrency = $7, budget_micros = $8, updated_at = now()
          where key_hash = $2 returning id),
        same_name as (
          insert into api_keys (name, key_hash, display_prefix, models, rpm, tpm, max_concurrency, budget_micros,
            user_id)
          select $1, $2, $3, $4, $5, $6, $7, $8, $9 where not exists (select 1 from same_secret)
          on conflict ((coalesce(user_id, 0)), name) do update set key_hash = excluded.key_hash,
            display_prefix = excluded.display_prefix, models = excluded.models, rpm = excluded.rpm,
            tpm = excluded.tpm, max_concurrency = excluded.max_concurrency, budget_micros = excluded.budget_micros,
            updated_at = now()
          returning id)
        select id from same_secret union all select id from same_name""")
      .execute(Tuple.from(new Object[] {name, keyHash, displayPrefix, models.toArray(String[]::new), limits.rpm(),
        limits.tpm(), limits.maxConcurrency(), limits.budgetMicros(), ownerId}))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  /** A key as its owner and admins manage it: its settings, its owner's name (null when none), spend and times. */
  public record KeyDetails(ApiKey key, String owner, long spentMicros, Instant createdAt, Instant lastUsedAt) {
  }

  private static final String DETAIL_COLUMNS = """
      k.id, k.name, k.display_prefix, k.models, k.enabled, coalesce(k.user_id, 0) as user_id,
      coalesce(u.group_name, 'default') as group_name, u.username as owner, k.allowed_providers, k.rpm, k.tpm,
      k.max_concurrency, k.budget_micros, k.expires_at, k.ip_allow, k.created_at, k.last_used_at, k.spent_micros""";

  /**
   * A new key owned by a user, from validated settings, unless they already own {@code maxKeys}: their row is locked
   * while counting, so creations at the same moment cannot pass the cap together. Null when the cap is reached or
   * the user does not exist; fails with a unique violation when the owner already has a key of that name (names are unique per owner).
   */
  public Future<KeyDetails> createWithin(long userId, int maxKeys, String keyHash, String displayPrefix,
                                         KeySettings s) {
    return pool.withTransaction(conn -> conn.preparedQuery("select id from users where id = $1 for update")
        .execute(Tuple.of(userId))
        .compose(owner -> owner.size() == 0 ? Future.succeededFuture(false)
          : conn.preparedQuery("select count(*) from api_keys where user_id = $1").execute(Tuple.of(userId))
            .map(rows -> rows.iterator().next().getLong(0) < maxKeys))
        .compose(room -> !room ? Future.<Long>succeededFuture(null) : conn.preparedQuery("""
            insert into api_keys (user_id, key_hash, display_prefix, name, models, allowed_providers, rpm, tpm,
              max_concurrency, budget_micros, expires_at, ip_allow, enabled)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id""")
          .execute(Tuple.from(new Object[] {userId, keyHash, displayPrefix, s.name(),
            s.models().toArray(String[]::new), s.allowedProviders().toArray(String[]::new), s.rpm(), s.tpm(),
            s.maxConcurrency(), s.budgetMicros(), utc(s.expiresAt()), s.ipAllow().toArray(String[]::new),
            s.enabled()}))
          .map(rows -> rows.iterator().next().getLong(0))))
      .compose(id -> id == null ? Future.succeededFuture(null) : find(id));
  }

  /** Replaces a key's settings; null when no row has that id. */
  public Future<KeyDetails> update(long id, KeySettings s) {
    return pool.preparedQuery("""
        update api_keys set name = $2, models = $3, allowed_providers = $4, rpm = $5, tpm = $6, max_concurrency = $7,
          budget_micros = $8, expires_at = $9, ip_allow = $10, enabled = $11, updated_at = now()
        where id = $1 returning id""")
      .execute(Tuple.from(new Object[] {id, s.name(), s.models().toArray(String[]::new),
        s.allowedProviders().toArray(String[]::new), s.rpm(), s.tpm(), s.maxConcurrency(), s.budgetMicros(),
        utc(s.expiresAt()), s.ipAllow().toArray(String[]::new), s.enabled()}))
      .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null) : find(id));
  }

  /** Gives the key a new secret (same id); null when no row has that id. */
  public Future<KeyDetails> rotate(long id, String keyHash, String displayPrefix) {
    return pool.preparedQuery("update api_keys set key_hash = $2, display_prefix = $3, updated_at = now()"
        + " where id = $1 returning id").execute(Tuple.of(id, keyHash, displayPrefix))
      .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null) : find(id));
  }

  public Future<Boolean> delete(long id) {
    return pool.preparedQuery("delete from api_keys where id = $1").execute(Tuple.of(id)).map(r -> r.rowCount() > 0);
  }

  /** One key (never the key itself) with its owner; null when absent. */
  public Future<KeyDetails> find(long id) {
    return pool.preparedQuery("select " + DETAIL_COLUMNS + " from api_keys k left join users u on u.id = k.user_id"
        + " where k.id = $1").execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toDetails(rows.iterator().next()));
  }

  /** Keys of one user, or every key when {@code userId} is null, oldest first. */
  public Future<List<KeyDetails>> list(Long userId) {
    return pool.preparedQuery("select " + DETAIL_COLUMNS + " from api_keys k left join users u on u.id = k.user_id"
        + " where ($1::bigint is null or k.user_id = $1) order by k.id").execute(Tuple.of(userId))
      .map(rows -> {
        List<KeyDetails> out = new java.util.ArrayList<>();
        rows.forEach(r -> out.add(toDetails(r)));
        return out;
      });
  }

  /** The latest requests made with a key, newest first. */
  public Future<List<UsageLogEntry>> recentRequests(long keyId, int limit) {
    return pool.preparedQuery("select " + UsageLogEntry.COLUMNS
        + " from usage_log where key_id = $1 order by created_at desc limit $2")
      .execute(Tuple.of(keyId, limit))
      .map(rows -> {
        List<UsageLogEntry> out = new java.util.ArrayList<>();
        rows.forEach(r -> out.add(UsageLogEntry.of(r)));
        return out;
      });
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static KeyDetails toDetails(Row r) {
    OffsetDateTime lastUsed = r.getOffsetDateTime("last_used_at");
    return new KeyDetails(toKey(r), r.getString("owner"), r.getLong("spent_micros"),
      r.getOffsetDateTime("created_at").toInstant(), lastUsed == null ? null : lastUsed.toInstant());
  }

  private static ApiKey toKey(Row row) {
    OffsetDateTime expiresAt = row.getOffsetDateTime("expires_at");
    return new ApiKey(row.getLong("id"), row.getString("name"), row.getString("display_prefix"),
      Arrays.asList(row.getArrayOfStrings("models")), row.getBoolean("enabled"), row.getLong("user_id"),
      row.getString("group_name"), Arrays.asList(row.getArrayOfStrings("allowed_providers")), row.getInteger("rpm"),
      row.getInteger("tpm"), row.getInteger("max_concurrency"), row.getLong("budget_micros"),
      expiresAt == null ? null : expiresAt.toInstant(), Arrays.asList(row.getArrayOfStrings("ip_allow")));
  }
}

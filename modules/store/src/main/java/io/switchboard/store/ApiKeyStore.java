package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** Reads and writes client API keys by the SHA-256 of the key. */
public final class ApiKeyStore {
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

  /** Creates the key or updates the one with the same name; returns its id. */
  public Future<Long> upsert(String name, String keyHash, String displayPrefix, List<String> models) {
    return pool.preparedQuery("""
        insert into api_keys (name, key_hash, display_prefix, models) values ($1, $2, $3, $4)
        on conflict (name) do update set key_hash = excluded.key_hash, display_prefix = excluded.display_prefix,
          models = excluded.models, updated_at = now()
        returning id""")
      .execute(Tuple.of(name, keyHash, displayPrefix, models.toArray(String[]::new)))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Limits a key's requests are admitted against; null: no such limit. */
  public record Limits(Integer rpm, Integer tpm, Integer maxConcurrency, Long budgetMicros) {
    public static final Limits NONE = new Limits(null, null, null, null);
  }

  /** Creates the key or updates the one with the same name, limits included (null clears one); returns its id. */
  public Future<Long> upsert(String name, String keyHash, String displayPrefix, List<String> models, Limits limits) {
    return pool.preparedQuery("""
        insert into api_keys (name, key_hash, display_prefix, models, rpm, tpm, max_concurrency, budget_micros)
        values ($1, $2, $3, $4, $5, $6, $7, $8)
        on conflict (name) do update set key_hash = excluded.key_hash, display_prefix = excluded.display_prefix,
          models = excluded.models, rpm = excluded.rpm, tpm = excluded.tpm,
          max_concurrency = excluded.max_concurrency, budget_micros = excluded.budget_micros, updated_at = now()
        returning id""")
      .execute(Tuple.of(name, keyHash, displayPrefix, models.toArray(String[]::new), limits.rpm(), limits.tpm(),
        limits.maxConcurrency(), limits.budgetMicros()))
      .map(rows -> rows.iterator().next().getLong(0));
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

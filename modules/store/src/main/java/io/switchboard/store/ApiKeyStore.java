package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
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
    return pool.preparedQuery("select id, name, display_prefix, models, enabled from api_keys where key_hash = $1")
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

  private static ApiKey toKey(Row row) {
    return new ApiKey(row.getLong("id"), row.getString("name"), row.getString("display_prefix"),
      Arrays.asList(row.getArrayOfStrings("models")), row.getBoolean("enabled"));
  }
}

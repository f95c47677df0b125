package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes upstream accounts. */
public final class AccountStore {
  private static final String COLUMNS =
    "id, name, provider, base_url, credential, models, aliases, options, priority, weight, status, groups,"
      + " status_reason, status_until";
  private final Pool pool;

  public AccountStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Account>> listActive() {
    return pool.query("select " + COLUMNS + " from accounts where status = 'active' order by id").execute()
      .map(rows -> {
        List<Account> accounts = new ArrayList<>();
        rows.forEach(row -> accounts.add(toAccount(row)));
        return accounts;
      });
  }

  /** Every account health tracking may route or bring back: all but disabled and banned ones, whatever their health. */
  public Future<List<Account>> listRoutable() {
    return pool.query("select " + COLUMNS + " from accounts where status not in ('disabled', 'banned') order by id")
      .execute().map(rows -> {
        List<Account> accounts = new ArrayList<>();
        rows.forEach(row -> accounts.add(toAccount(row)));
        return accounts;
      });
  }

  /** The account, or null when no row has that id. */
  public Future<Account> find(long id) {
    return pool.preparedQuery("select " + COLUMNS + " from accounts where id = $1").execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toAccount(rows.iterator().next()));
  }

  /** Creates the account or updates the one with the same name; returns its id. */
  public Future<Long> upsert(String name, String provider, String baseUrl, byte[] credential, List<String> models,
                             Map<String, String> aliases, JsonObject options, int priority, int weight) {
    return pool.preparedQuery("""
        insert into accounts (name, provider, base_url, credential, models, aliases, options, priority, weight)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        on conflict (name) do update set provider = excluded.provider, base_url = excluded.base_url,
          credential = excluded.credential, models = excluded.models, aliases = excluded.aliases,
          options = excluded.options, priority = excluded.priority, weight = excluded.weight, updated_at = now()
        returning id""")
      .execute(Tuple.from(new Object[] {name, provider, baseUrl, Buffer.buffer(credential),
        models.toArray(String[]::new), new JsonObject(new HashMap<>(aliases)), options, priority, weight}))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Account toAccount(Row row) {
    Buffer credential = row.getBuffer("credential");
    java.time.OffsetDateTime statusUntil = row.getOffsetDateTime("status_until");
    Map<String, String> aliases = new HashMap<>();
    JsonObject aliasJson = (JsonObject) row.getJson("aliases");
    aliasJson.forEach(e -> aliases.put(e.getKey(), String.valueOf(e.getValue())));
    return new Account(row.getLong("id"), row.getString("name"), row.getString("provider"), row.getString("base_url"),
      credential == null ? null : credential.getBytes(), Arrays.asList(row.getArrayOfStrings("models")),
      Map.copyOf(aliases), (JsonObject) row.getJson("options"), row.getInteger("priority"), row.getInteger("weight"),
      row.getString("status"), Arrays.asList(row.getArrayOfStrings("groups")), row.getString("status_reason"),
      statusUntil == null ? null : statusUntil.toInstant());
  }
}

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
      + " status_reason, status_until, quota_unit, quota_period, quota_limit, quota_used, proxy, headers,"
      + " (select g.proxy from user_groups g where g.name = any(accounts.groups) and g.proxy is not null"
      + " order by array_position(accounts.groups, g.name) limit 1) as group_proxy";
  private final Pool pool;

  public AccountStore(Pool pool) {
    this.pool = pool;
  }

  /** Every account health tracking may route or bring back: all but disabled and banned ones, whatever their health. */
  public Future<List<Account>> listRoutable() {
    return select("where status not in ('disabled', 'banned') order by id");
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

  /** Every account whatever its status, by id. */
  public Future<List<Account>> listAll() {
    return select("order by id");
  }

  private Future<List<Account>> select(String whereAndOrder) {
    return pool.query("select " + COLUMNS + " from accounts " + whereAndOrder).execute().map(rows -> {
      List<Account> accounts = new ArrayList<>();
      rows.forEach(row -> accounts.add(toAccount(row)));
      return accounts;
    });
  }

  /** Inserts an account; fails with a unique violation (23505) when the name is taken. Returns the row. */
  public Future<Account> create(Account a) {
    return pool.preparedQuery("""
        insert into accounts (name, provider, base_url, credential, models, aliases, options, priority, weight,
          groups, status, status_reason, status_until, proxy, headers)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id""")
      .execute(Tuple.from(values(a)))
      .compose(rows -> find(rows.iterator().next().getLong(0)));
  }

  /** Replaces every field of the account with this id; null when absent. */
  public Future<Account> update(Account a) {
    Object[] values = values(a);
    Object[] withId = java.util.Arrays.copyOf(values, values.length + 1);
    withId[values.length] = a.id();
    return pool.preparedQuery("""
        update accounts set name = $1, provider = $2, base_url = $3, credential = $4, models = $5, aliases = $6,
          options = $7, priority = $8, weight = $9, groups = $10, status = $11, status_reason = $12,
          status_until = $13, proxy = $14, headers = $15, updated_at = now()
        where id = $16 returning id""")
      .execute(Tuple.from(withId))
      .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null) : find(a.id()));
  }

  public Future<Boolean> delete(long id) {
    return pool.preparedQuery("delete from accounts where id = $1").execute(Tuple.of(id)).map(r -> r.rowCount() > 0);
  }

  /** Sets the outbound proxy (encrypted; null: none) and static headers of an account, by name (the bootstrap's). */
  public Future<Void> setTransport(String name, byte[] proxy, Map<String, String> headers) {
    return pool.preparedQuery("update accounts set proxy = $2, headers = $3 where name = $1")
      .execute(Tuple.of(name, proxy == null ? null : Buffer.buffer(proxy), new JsonObject(new HashMap<>(headers))))
      .mapEmpty();
  }

  /** Sets the groups an account serves, by name (the bootstrap section's {@code groups}). */
  public Future<Void> setGroups(String name, List<String> groups) {
    return pool.preparedQuery("update accounts set groups = $2 where name = $1")
      .execute(Tuple.from(new Object[] {name, groups.toArray(String[]::new)})).mapEmpty();
  }

  /**
   * Re-encrypts every stored credential, and every account's and group's proxy URL, in one transaction that holds
   * writers off both tables, so nothing is left behind under an old key; returns how many credentials were rewritten.
   */
  public Future<Integer> reencryptAll(java.util.function.UnaryOperator<byte[]> reencrypt) {
    return pool.withTransaction(conn -> conn.query("lock table accounts, user_groups in share row exclusive mode")
      .execute()
      .compose(v -> reseal(conn, "accounts", "id", "proxy", reencrypt))
      .compose(v -> reseal(conn, "user_groups", "name", "proxy", reencrypt))
      .compose(v -> reseal(conn, "accounts", "id", "credential", reencrypt)));
  }

  /** Rewrites one encrypted column of every row that has it; how many rows. */
  private static Future<Integer> reseal(io.vertx.sqlclient.SqlConnection conn, String table, String key,
                                        String column, java.util.function.UnaryOperator<byte[]> reencrypt) {
    return conn.query("select " + key + ", " + column + " from " + table + " where " + column + " is not null")
      .execute().compose(rows -> {
        List<Tuple> batch = new ArrayList<>();
        for (Row row : rows) {
          batch.add(Tuple.of(row.getValue(0), Buffer.buffer(reencrypt.apply(row.getBuffer(1).getBytes()))));
        }
        if (batch.isEmpty()) {
          return Future.succeededFuture(0);
        }
        return conn.preparedQuery("update " + table + " set " + column + " = $2 where " + key + " = $1")
          .executeBatch(batch).map(done -> batch.size());
      });
  }

  private static Object[] values(Account a) {
    return new Object[] {a.name(), a.provider(), a.baseUrl(), a.credential() == null ? null
      : Buffer.buffer(a.credential()), a.models().toArray(String[]::new), new JsonObject(new HashMap<>(a.aliases())),
      a.options(), a.priority(), a.weight(), a.groups().toArray(String[]::new), a.status(), a.statusReason(),
      a.statusUntil() == null ? null : a.statusUntil().atOffset(java.time.ZoneOffset.UTC),
      a.proxy() == null ? null : Buffer.buffer(a.proxy()), new JsonObject(new HashMap<>(a.headers()))};
  }

  private static byte[] bytes(Buffer buffer) {
    return buffer == null ? null : buffer.getBytes();
  }

  private static Map<String, String> strings(JsonObject json) {
    Map<String, String> out = new HashMap<>();
    json.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    return Map.copyOf(out);
  }

  private static Account toAccount(Row row) {
    Buffer credential = row.getBuffer("credential");
    java.time.OffsetDateTime statusUntil = row.getOffsetDateTime("status_until");
    Map<String, String> aliases = strings((JsonObject) row.getJson("aliases"));
    Long quotaLimit = row.getLong("quota_limit");
    return new Account(row.getLong("id"), row.getString("name"), row.getString("provider"), row.getString("base_url"),
      credential == null ? null : credential.getBytes(), Arrays.asList(row.getArrayOfStrings("models")),
      aliases, (JsonObject) row.getJson("options"), row.getInteger("priority"), row.getInteger("weight"),
      row.getString("status"), Arrays.asList(row.getArrayOfStrings("groups")), row.getString("status_reason"),
      statusUntil == null ? null : statusUntil.toInstant(), quotaLimit == null ? null : new AccountQuota(
        row.getString("quota_unit"), row.getString("quota_period"), quotaLimit, row.getLong("quota_used")),
      bytes(row.getBuffer("proxy")), bytes(row.getBuffer("group_proxy")), strings((JsonObject) row.getJson("headers")));
  }
}

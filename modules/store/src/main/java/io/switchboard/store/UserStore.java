package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes users; password hashes are computed by the caller (off the event loop). */
public final class UserStore {
  private static final String COLUMNS =
    "id, username, password_hash, role, group_name, price_multiplier_ppm, enabled, token_version, created_at";
  private final Pool pool;

  public UserStore(Pool pool) {
    this.pool = pool;
  }

  public Future<User> find(long id) {
    return pool.preparedQuery("select " + COLUMNS + " from users where id = $1").execute(Tuple.of(id))
      .map(UserStore::first);
  }

  public Future<User> findByName(String username) {
    return pool.preparedQuery("select " + COLUMNS + " from users where username = $1").execute(Tuple.of(username))
      .map(UserStore::first);
  }

  public Future<List<User>> list() {
    return pool.query("select " + COLUMNS + " from users order by id").execute().map(UserStore::all);
  }

  public Future<Boolean> anyAdmin() {
    return pool.query("select 1 from users where role = 'admin' limit 1").execute().map(rows -> rows.size() > 0);
  }

  /** Inserts a user; fails with a unique violation (23505) when the name is taken. */
  public Future<User> create(String username, String passwordHash, String role, String group) {
    return pool.preparedQuery("insert into users (username, password_hash, role, group_name) values ($1, $2, $3, $4)"
        + " returning " + COLUMNS)
      .execute(Tuple.of(username, passwordHash, role, group)).map(UserStore::first);
  }

  /** Updates role, group and enabled; disabling bumps the token version so issued tokens die at once. */
  public Future<User> update(long id, String role, String group, boolean enabled) {
    return pool.preparedQuery("update users set role = $2, group_name = $3,"
        + " token_version = token_version + case when enabled and not $4 then 1 else 0 end, enabled = $4,"
        + " updated_at = now() where id = $1 returning " + COLUMNS)
      .execute(Tuple.of(id, role, group, enabled)).map(UserStore::first);
  }

  /** Sets a new hash and moves the token version: every token issued before stops working. */
  public Future<User> setPassword(long id, String passwordHash) {
    return pool.preparedQuery("update users set password_hash = $2, token_version = token_version + 1,"
        + " updated_at = now() where id = $1 returning " + COLUMNS)
      .execute(Tuple.of(id, passwordHash)).map(UserStore::first);
  }

  /** Sets the price multiplier of the listed users, or of every user when {@code ids} is null; returns the ids. */
  public Future<List<Long>> setMultiplier(List<Long> ids, long ppm) {
    Future<RowSet<Row>> rows = ids == null
      ? pool.preparedQuery("update users set price_multiplier_ppm = $1, updated_at = now() returning id")
        .execute(Tuple.of(ppm))
      : pool.preparedQuery("update users set price_multiplier_ppm = $1, updated_at = now() where id = any($2)"
        + " returning id").execute(Tuple.from(new Object[] {ppm, ids.toArray(Long[]::new)}));
    return rows.map(set -> {
      List<Long> out = new ArrayList<>();
      set.forEach(r -> out.add(r.getLong(0)));
      return out;
    });
  }

  public Future<Boolean> delete(long id) {
    return pool.preparedQuery("delete from users where id = $1").execute(Tuple.of(id)).map(r -> r.rowCount() > 0);
  }

  private static User first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : toUser(rows.iterator().next());
  }

  private static List<User> all(RowSet<Row> rows) {
    List<User> out = new ArrayList<>();
    rows.forEach(r -> out.add(toUser(r)));
    return out;
  }

  private static User toUser(Row row) {
    OffsetDateTime created = row.getOffsetDateTime("created_at");
    return new User(row.getLong("id"), row.getString("username"), row.getString("password_hash"),
      row.getString("role"), row.getString("group_name"), row.getLong("price_multiplier_ppm"),
      row.getBoolean("enabled"), row.getInteger("token_version"), created == null ? null : created.toInstant());
  }
}

package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads and writes user groups (price ratio in parts per million, scheduling strategy). */
public final class GroupStore {
  public static final List<String> STRATEGIES =
    List.of("weighted", "round_robin", "least_in_flight", "lowest_latency", "fewest_errors", "remaining_quota");
  private final Pool pool;

  public GroupStore(Pool pool) {
    this.pool = pool;
  }

  /** Makes sure the default group exists (a fresh or truncated database). */
  public Future<Void> ensureDefault() {
    return pool.query("insert into user_groups (name, description) values ('default', 'Every user starts here')"
      + " on conflict (name) do nothing").execute().mapEmpty();
  }

  public Future<List<UserGroup>> list() {
    return pool.query("select name, ratio_ppm, strategy, description, proxy from user_groups order by name").execute()
      .map(GroupStore::all);
  }

  /** Each group's scheduling strategy, by group name. */
  public Future<Map<String, String>> strategies() {
    return list().map(groups -> groups.stream().collect(Collectors.toMap(UserGroup::name, UserGroup::strategy)));
  }

  public Future<UserGroup> find(String name) {
    return pool.preparedQuery("select name, ratio_ppm, strategy, description, proxy from user_groups where name = $1")
      .execute(Tuple.of(name)).map(rows -> rows.size() == 0 ? null : toGroup(rows.iterator().next()));
  }

  /** Inserts a group; fails with a unique violation when the name is taken. */
  public Future<UserGroup> create(String name, long ratioPpm, String strategy, String description) {
    return pool.preparedQuery("insert into user_groups (name, ratio_ppm, strategy, description) values ($1, $2, $3, $4)"
        + " returning name, ratio_ppm, strategy, description, proxy")
      .execute(Tuple.of(name, ratioPpm, strategy, description)).map(rows -> toGroup(rows.iterator().next()));
  }

  public Future<UserGroup> update(String name, long ratioPpm, String strategy, String description) {
    return pool.preparedQuery("update user_groups set ratio_ppm = $2, strategy = $3, description = $4,"
        + " updated_at = now() where name = $1 returning name, ratio_ppm, strategy, description, proxy")
      .execute(Tuple.of(name, ratioPpm, strategy, description))
      .map(rows -> rows.size() == 0 ? null : toGroup(rows.iterator().next()));
  }

  /** Sets the proxy URL (encrypted; null: none) the group's accounts use when they name none. */
  public Future<Boolean> setProxy(String name, byte[] proxy) {
    return pool.preparedQuery("update user_groups set proxy = $2, updated_at = now() where name = $1")
      .execute(Tuple.of(name, proxy == null ? null : io.vertx.core.buffer.Buffer.buffer(proxy)))
      .map(r -> r.rowCount() > 0);
  }

  /** Deletes a group no user belongs to; fails with a foreign-key violation (23503) otherwise. */
  public Future<Boolean> delete(String name) {
    return pool.preparedQuery("delete from user_groups where name = $1").execute(Tuple.of(name))
      .map(r -> r.rowCount() > 0);
  }

  private static List<UserGroup> all(RowSet<Row> rows) {
    List<UserGroup> out = new ArrayList<>();
    rows.forEach(r -> out.add(toGroup(r)));
    return out;
  }

  private static UserGroup toGroup(Row row) {
    io.vertx.core.buffer.Buffer proxy = row.getBuffer("proxy");
    return new UserGroup(row.getString("name"), row.getLong("ratio_ppm"), row.getString("strategy"),
      row.getString("description"), proxy == null ? null : proxy.getBytes());
  }
}

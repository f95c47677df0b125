package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The daily partitions of usage_log (UTC days, named {@code usage_log_pYYYYMMDD}): created ahead of time, and
 * dropped whole at retention. Rows whose day had no partition yet wait in {@code usage_log_default}; creating
 * that day's partition moves them in, in the same transaction.
 */
public final class UsagePartitions {
  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;
  private final Pool pool;

  public UsagePartitions(Pool pool) {
    this.pool = pool;
  }

  public static String name(LocalDate day) {
    return "usage_log_p" + SUFFIX.format(day);
  }

  /** Creates the partitions of {@code days} days from {@code first} that do not exist yet; returns the created. */
  public Future<List<String>> ensure(LocalDate first, int days) {
    return existing().compose(have -> {
      Future<List<String>> chain = Future.succeededFuture(new ArrayList<>());
      for (int i = 0; i < days; i++) {
        LocalDate day = first.plusDays(i);
        if (!have.contains(name(day))) {
          chain = chain.compose(created -> create(day).map(v -> {
            created.add(name(day));
            return created;
          }));
        }
      }
      return chain;
    });
  }

  /** The day partitions that exist, by name, oldest first. */
  public Future<List<String>> existing() {
    return pool.query("""
        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
        join pg_class p on p.oid = i.inhparent
        where p.relname = 'usage_log' and c.relname ~ '^usage_log_p[0-9]{8}$' order by c.relname""")
      .execute().map(rows -> {
        List<String> names = new ArrayList<>();
        for (Row row : rows) {
          names.add(row.getString(0));
        }
        return names;
      });
  }

  /**
   * Retention: drops the day partitions before {@code cutoff} and deletes older rows still in the default
   * partition. Returns the dropped partitions' names.
   */
  public Future<List<String>> dropBefore(LocalDate cutoff) {
    String oldest = name(cutoff);
    return existing().compose(names -> {
      List<String> dropping = names.stream().filter(n -> n.compareTo(oldest) < 0).toList();
      Future<Void> chain = Future.succeededFuture();
      for (String table : dropping) {
        chain = chain.compose(v -> pool.query("drop table if exists " + table).execute().mapEmpty());
      }
      return chain.compose(v -> pool.preparedQuery("delete from usage_log_default where created_at < $1::date")
          .execute(Tuple.of(cutoff)))
        .map(v -> dropping);
    });
  }

  private Future<Void> create(LocalDate day) {
    String table = name(day); // built from a date: safe to inline in DDL
    String from = day + " 00:00:00+00";
    String to = day.plusDays(1) + " 00:00:00+00";
    return pool.withTransaction(conn -> conn.query(
          "create table " + table + " (like usage_log including defaults including constraints)").execute()
        .compose(v -> conn.query("with moved as (delete from usage_log_default where created_at >= '" + from
          + "' and created_at < '" + to + "' returning *) insert into " + table + " select * from moved").execute())
        .compose(v -> conn.query("alter table usage_log attach partition " + table + " for values from ('" + from
          + "') to ('" + to + "')").execute()))
      .mapEmpty();
  }
}

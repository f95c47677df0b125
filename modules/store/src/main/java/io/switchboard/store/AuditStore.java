package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Appends and lists audit rows. */
public final class AuditStore {
  private final Pool pool;

  /** Filters of a listing; null fields do not filter. */
  public record Filter(String actor, String action, String target, Instant from, Instant to) {
  }

  /** An audit row as written: its id and time, and the entry (actor id 0 when there was none). */
  public record Logged(long id, Instant at, AuditEntry entry) {
  }

  public AuditStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> append(AuditEntry e) {
    return pool.preparedQuery("insert into audit_log (actor_id, actor_name, action, target_type, target_id, before,"
        + " after, ip, outcome) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
      .execute(Tuple.from(new Object[] {e.actorId() == 0 ? null : e.actorId(), e.actorName(), e.action(),
        e.targetType(), e.targetId(), e.before(), e.after(), e.ip(), e.outcome()}))
      .mapEmpty();
  }

  /** Newest first; {@code actor} matches the actor's name, {@code target} "type" or "type:id". */
  public Future<List<Logged>> list(Filter f, int limit, long offset) {
    String[] target = f.target() == null ? new String[] {null, null} : f.target().split(":", 2);
    return pool.preparedQuery("""
        select id, at, actor_id, actor_name, action, target_type, target_id, before, after, ip, outcome
        from audit_log
        where ($1::text is null or actor_name = $1) and ($2::text is null or action = $2)
          and ($3::text is null or target_type = $3) and ($4::text is null or target_id = $4)
          and ($5::timestamptz is null or at >= $5) and ($6::timestamptz is null or at < $6)
        order by id desc limit $7 offset $8""")
      .execute(Tuple.from(new Object[] {f.actor(), f.action(), target[0], target.length > 1 ? target[1] : null,
        time(f.from()), time(f.to()), limit, offset}))
      .map(rows -> {
        List<Logged> out = new ArrayList<>();
        rows.forEach(r -> out.add(toLogged(r)));
        return out;
      });
  }

  private static OffsetDateTime time(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static Logged toLogged(Row r) {
    Long actorId = r.getLong("actor_id");
    return new Logged(r.getLong("id"), r.getOffsetDateTime("at").toInstant(), new AuditEntry(
      actorId == null ? 0 : actorId, r.getString("actor_name"), r.getString("action"), r.getString("target_type"),
      r.getString("target_id"), (JsonObject) r.getJson("before"), (JsonObject) r.getJson("after"), r.getString("ip"),
      r.getString("outcome")));
  }
}

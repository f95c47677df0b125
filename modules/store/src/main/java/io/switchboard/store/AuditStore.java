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
  public Future<List<JsonObject>> list(Filter f, int limit, long offset) {
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
        List<JsonObject> out = new ArrayList<>();
        rows.forEach(r -> out.add(toJson(r)));
        return out;
      });
  }

  private static OffsetDateTime time(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static JsonObject toJson(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("at", r.getOffsetDateTime("at").toInstant().toString())
      .put("actorId", r.getLong("actor_id")).put("actorName", r.getString("actor_name"))
      .put("action", r.getString("action")).put("targetType", r.getString("target_type"))
      .put("targetId", r.getString("target_id")).put("before", r.getJson("before"))
      .put("after", r.getJson("after")).put("ip", r.getString("ip")).put("outcome", r.getString("outcome"));
  }
}

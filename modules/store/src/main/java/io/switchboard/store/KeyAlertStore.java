package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Anomaly alerts on client keys (table {@code key_alerts}), and the policy's disabling of a key. */
public final class KeyAlertStore {
  /** One alert; {@code action} is {@code alert} or {@code disabled} (the key was switched off by policy). */
  public record KeyAlert(long id, long keyId, long userId, Instant at, String kind, String detail, String requestId,
                         String clientIp, String model, String action) {
  }

  private static final String COLUMNS = "id, key_id, user_id, at, kind, detail, request_id, client_ip, model, action";
  private final Pool pool;

  public KeyAlertStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Long> insert(KeyAlert a) {
    return pool.preparedQuery("insert into key_alerts (key_id, user_id, at, kind, detail, request_id, client_ip, model,"
        + " action) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id")
      .execute(Tuple.from(new Object[] {a.keyId(), a.userId(), OffsetDateTime.ofInstant(a.at(), ZoneOffset.UTC),
        a.kind(), a.detail(), a.requestId(), a.clientIp(), a.model(), a.action()}))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The newest alerts first, of one key or all ({@code keyId} null), at most {@code limit}. */
  public Future<List<KeyAlert>> list(Long keyId, int limit) {
    return pool.preparedQuery("select " + COLUMNS + " from key_alerts where ($1::bigint is null or key_id = $1)"
        + " order by at desc, id desc limit $2")
      .execute(Tuple.of(keyId, limit)).map(rows -> {
        List<KeyAlert> out = new ArrayList<>();
        for (Row r : rows) {
          out.add(new KeyAlert(r.getLong("id"), r.getLong("key_id"), r.getLong("user_id"),
            r.getOffsetDateTime("at").toInstant(), r.getString("kind"), r.getString("detail"),
            r.getString("request_id"), r.getString("client_ip"), r.getString("model"), r.getString("action")));
        }
        return out;
      });
  }

  /** Switches the key off; true when it was on (it changed here, once however many engines race). */
  public Future<Boolean> disableKey(long keyId) {
    return pool.preparedQuery("update api_keys set enabled = false, updated_at = now() where id = $1 and enabled")
      .execute(Tuple.of(keyId)).map(rows -> rows.rowCount() > 0);
  }
}

package io.switchboard.cron;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Tells the operator's webhook which enabled keys expire within the next days, each key once: a key is marked
 * reminded only after the webhook took the message, so a failed delivery is tried again at the next tick.
 */
final class KeyExpiryReminders implements CronJob {
  private final Pool pool;
  private final Webhook webhook;
  private final int daysAhead;

  KeyExpiryReminders(Pool pool, Webhook webhook, int daysAhead) {
    this.pool = pool;
    this.webhook = webhook;
    this.daysAhead = daysAhead;
  }

  @Override
  public Future<String> run() {
    if (webhook == null) {
      return Future.succeededFuture("skipped: cron.keyExpiry.webhookUrl is not set");
    }
    return pool.preparedQuery("""
        select k.id, k.name, k.display_prefix, k.expires_at, u.username from api_keys k
        left join users u on u.id = k.user_id
        where k.enabled and k.expiry_reminded_at is null and k.expires_at > now()
          and k.expires_at <= now() + make_interval(days => $1)
        order by k.expires_at, k.id""")
      .execute(Tuple.of(daysAhead))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture("no key expires within " + daysAhead + " days");
        }
        JsonArray keys = new JsonArray();
        Long[] ids = new Long[rows.size()];
        int i = 0;
        for (Row row : rows) {
          ids[i++] = row.getLong("id");
          keys.add(new JsonObject().put("id", row.getLong("id")).put("name", row.getString("name"))
            .put("prefix", row.getString("display_prefix")).put("owner", row.getString("username"))
            .put("expiresAt", row.getOffsetDateTime("expires_at").toInstant().toString()));
        }
        JsonObject message = new JsonObject().put("event", "keys.expiring").put("daysAhead", daysAhead)
          .put("keys", keys);
        return webhook.post(message)
          .compose(v -> pool.preparedQuery("update api_keys set expiry_reminded_at = now() where id = any($1)")
            .execute(Tuple.of(ids)))
          .map(v -> "reminded of " + ids.length + " expiring key(s)");
      });
  }
}

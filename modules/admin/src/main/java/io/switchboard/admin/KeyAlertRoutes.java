package io.switchboard.admin;

import io.switchboard.store.KeyAlertStore;
import io.switchboard.store.KeyAlertStore.KeyAlert;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Anomaly alerts on client keys, newest first (admin only): new address prefix, new model, burst. */
final class KeyAlertRoutes {
  private static final int MAX_PAGE = 500;
  private final KeyAlertStore alerts;

  KeyAlertRoutes(KeyAlertStore alerts) {
    this.alerts = alerts;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listKeyAlerts", this::list);
  }

  private Future<Answer> list(Call call) {
    UsageParams params = new UsageParams(call);
    return alerts.list(params.id("keyId"), params.limit(100, MAX_PAGE)).compose(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(a -> items.add(json(a)));
      return Answer.ok(new JsonObject().put("items", items));
    });
  }

  private static JsonObject json(KeyAlert a) {
    return new JsonObject().put("id", a.id()).put("keyId", a.keyId()).put("userId", a.userId())
      .put("at", a.at().toString()).put("kind", a.kind()).put("detail", a.detail()).put("requestId", a.requestId())
      .put("clientIp", a.clientIp()).put("model", a.model()).put("action", a.action());
  }
}

package io.switchboard.admin;

import io.switchboard.api.ConfigChanged;
import io.switchboard.store.BodyCaptureStore;
import io.switchboard.store.BodyCaptureStore.Bodies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Map;

/**
 * Request and response bodies (admin only): who they are captured for (every key with {@code bodies.captureAll},
 * else the keys and user groups switched on here), and one request's detail: its usage row with both bodies,
 * redacted, a streamed answer reassembled. Switching capture is audited.
 */
final class BodyCaptureRoutes {
  private final BodyCaptureStore store;
  private final JsonObject settings;
  private final AuditTrail audit;
  private final ConfigAnnouncer announcer;

  BodyCaptureRoutes(BodyCaptureStore store, JsonObject settings, AuditTrail audit, ConfigAnnouncer announcer) {
    this.store = store;
    this.settings = settings;
    this.audit = audit;
    this.announcer = announcer;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("getBodyCapture", this::policy);
    ops.put("setKeyBodyCapture", this::setForKey);
    ops.put("setGroupBodyCapture", this::setForGroup);
    ops.put("getUsageRecord", this::record);
  }

  private Future<Answer> policy(Call call) {
    return store.policy().compose(policy -> Answer.ok(new JsonObject()
      .put("captureAll", settings.getBoolean("captureAll", false)).put("maxBytes", settings.getInteger("maxBytes"))
      .put("retentionDays", settings.getInteger("retentionDays"))
      .put("keys", new JsonArray(new ArrayList<>(policy.keys()))).put("groups", new JsonArray(new ArrayList<>(
        policy.groups())))));
  }

  private Future<Answer> setForKey(Call call) {
    long id = call.id();
    boolean on = enabled(call);
    return store.setForKey(id, on).compose(found -> found ? Future.succeededFuture()
        : Future.failedFuture(AdminError.notFound("key")))
      .compose(v -> audit.ok(call, "key.capture", "api_key", id, null, new JsonObject().put("captureBodies", on)))
      .compose(v -> {
        announcer.changed(ConfigChanged.API_KEY, id);
        return Answer.ok(new JsonObject().put("keyId", id).put("captureBodies", on));
      });
  }

  private Future<Answer> setForGroup(Call call) {
    String name = call.param("name");
    boolean on = enabled(call);
    return store.setForGroup(name, on).compose(found -> found ? Future.succeededFuture()
        : Future.failedFuture(AdminError.notFound("group")))
      .compose(v -> audit.ok(call, "group.capture", "group", name, null, new JsonObject().put("captureBodies", on)))
      .compose(v -> {
        announcer.changed(ConfigChanged.GROUP, null);
        return Answer.ok(new JsonObject().put("group", name).put("captureBodies", on));
      });
  }

  private static boolean enabled(Call call) {
    Boolean on = call.body().bool("enabled", null);
    if (on == null) {
      throw AdminError.badField("enabled", "is required (true or false)");
    }
    return on;
  }

  /** The usage row of one request, as admins see it, with its captured bodies (null when none were captured). */
  private Future<Answer> record(Call call) {
    String requestId = call.param("requestId");
    return Future.all(store.usageRow(requestId), store.find(requestId)).compose(both -> {
      if (both.resultAt(0) == null) {
        return Future.failedFuture(AdminError.notFound("usage record"));
      }
      Bodies bodies = both.resultAt(1);
      return Answer.ok(UsageJson.record(both.resultAt(0), true).put("bodies", bodies == null ? null
        : new JsonObject().put("request", bodies.request()).put("requestTruncated", bodies.requestTruncated())
          .put("response", bodies.response()).put("responseTruncated", bodies.responseTruncated())
          .put("reassembled", bodies.reassembled())));
    });
  }
}

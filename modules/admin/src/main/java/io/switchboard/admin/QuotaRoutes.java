package io.switchboard.admin;

import io.switchboard.api.ConfigChanged;
import io.switchboard.store.GroupStore;
import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaKeys;
import io.switchboard.store.QuotaStore;
import io.switchboard.store.QuotaStore.UserQuota;
import io.switchboard.store.SpendCounterCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Admin-only quota operations: top up or adjust a user's balance (with its quota_history row), list that history,
 * read and set a user's daily quota and fallback group, and list the users on fallback today. Every change is
 * audited and published as a USER change, so auth drops its cached limits and balance counter at once.
 */
final class QuotaRoutes {
  private final QuotaStore quotas;
  private final GroupStore groups;
  private final QuotaDay quotaDay;
  private final AuditTrail audit;
  private final ConfigAnnouncer announcer;
  private final Redis redis;

  QuotaRoutes(QuotaStore quotas, GroupStore groups, QuotaDay quotaDay, AuditTrail audit, ConfigAnnouncer announcer,
              Redis redis) {
    this.redis = redis;
    this.quotas = quotas;
    this.groups = groups;
    this.quotaDay = quotaDay;
    this.audit = audit;
    this.announcer = announcer;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("adjustBalance", this::adjustBalance);
    ops.put("listQuotaHistory", this::history);
    ops.put("getUserQuota", this::get);
    ops.put("setUserQuota", this::set);
    ops.put("resetUserQuota", this::resetToday);
    ops.put("listFallbackUsers", call -> quotas.onFallback().compose(users -> {
      JsonArray out = new JsonArray();
      users.forEach(u -> out.add(QuotaJson.fallbackUser(u)));
      return Answer.ok(out);
    }));
  }

  /** {@code {"amountMicros": n, "reason": "..."}}: a positive amount tops up, a negative one takes away. */
  private Future<Answer> adjustBalance(Call call) {
    long id = call.id();
    Fields body = call.body();
    Long amount = body.whole("amountMicros", null, Long.MIN_VALUE);
    if (amount == null || amount == 0) {
      throw AdminError.badField("amountMicros", "must be a non-zero whole number of micro-units");
    }
    String reason = body.requiredText("reason");
    if (reason.length() > 500) {
      throw AdminError.badField("reason", "must be at most 500 characters");
    }
    return found(id).compose(quota -> quotas.adjust(id, amount, reason, call.caller().username()))
      .recover(e -> Future.failedFuture(e instanceof ArithmeticException
        ? AdminError.badField("amountMicros", "would overflow the balance") : e))
      .compose(change -> {
        JsonObject before = new JsonObject().put("balanceMicros", change.beforeMicros());
        JsonObject after = new JsonObject().put("balanceMicros", change.afterMicros()).put("deltaMicros", amount)
          .put("reason", reason);
        return audit.ok(call, "user.balance.adjust", "user", id, before, after).compose(v -> {
          announcer.changed(ConfigChanged.USER, id);
          return Answer.ok(new JsonObject().put("userId", id).put("beforeMicros", change.beforeMicros())
            .put("afterMicros", change.afterMicros()).put("deltaMicros", amount).put("reason", reason));
        });
      });
  }

  private Future<Answer> history(Call call) {
    long id = call.id();
    UsageParams params = new UsageParams(call);
    int limit = params.limit(100, 500);
    long offset = offset(call);
    return found(id).compose(q -> quotas.history(id, limit, offset)).compose(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(r -> items.add(QuotaJson.historyEntry(r)));
      return Answer.ok(new JsonObject().put("items", items).put("limit", limit).put("offset", offset));
    });
  }

  private Future<Answer> get(Call call) {
    long id = call.id();
    return found(id).compose(quota -> view(id, quota)).compose(Answer::ok);
  }

  /** {@code {"dailyQuotaMicros": n|null, "fallbackGroup": "name"|null}}; an absent field keeps its value. */
  private Future<Answer> set(Call call) {
    long id = call.id();
    Fields body = call.body();
    return found(id).compose(before -> {
      Long daily = body.whole("dailyQuotaMicros", before.dailyQuotaMicros(), 0);
      String fallback = body.has("fallbackGroup") ? body.text("fallbackGroup", null) : before.fallbackGroup();
      Future<Void> groupExists = fallback == null ? Future.succeededFuture() : groups.find(fallback)
        .compose(g -> g == null ? Future.failedFuture(AdminError.badField("fallbackGroup", "names no group"))
          : Future.succeededFuture());
      return groupExists.compose(v -> quotas.setDailyQuota(id, daily, fallback))
        .compose(v -> quotas.userQuota(id))
        .compose(after -> audit.ok(call, "user.quota.set", "user", id, settings(before), settings(after))
          .compose(v -> {
            announcer.changed(ConfigChanged.USER, id);
            return view(id, after);
          }))
        .compose(Answer::ok);
    });
  }

  /**
   * Starts the user's quota day over: what they spent so far today no longer counts against their daily quota,
   * and they come off fallback. The Redis day counter is dropped and rebuilt from the reset on the next request.
   */
  private Future<Answer> resetToday(Call call) {
    long id = call.id();
    String day = quotaDay.todayName();
    return found(id).compose(quota -> quotas.resetToday(id)
      // the day counter goes with its snapshot and rebuild marks, so its next reader rebuilds it from the reset
      .compose(v -> redis.batch(List.of(SpendCounterCache.invalidation(List.of(QuotaKeys.daySpend(id, day))),
        Request.cmd(Command.DEL).arg(QuotaKeys.fallbackMark(id, day)))))
      .compose(v -> audit.ok(call, "user.quota.reset", "user", id, null,
        new JsonObject().put("quotaDay", day)))
      .compose(v -> {
        announcer.changed(ConfigChanged.USER, id);
        return view(id, quota);
      }))
      .compose(Answer::ok);
  }

  private Future<JsonObject> view(long id, UserQuota quota) {
    return Future.all(quotas.spendSince(id, quotaDay.startOfToday()), quotas.fallbackSince(id))
      .map(all -> {
        Instant since = all.resultAt(1);
        return settings(quota).put("userId", id).put("balanceMicros", quota.balanceMicros())
          .put("todaySpendMicros", all.<Long>resultAt(0)).put("quotaDay", quotaDay.todayName())
          .put("quotaTimeZone", quotaDay.zone().getId())
          .put("fallbackSince", since == null ? null : since.toString());
      });
  }

  private static JsonObject settings(UserQuota quota) {
    return new JsonObject().put("dailyQuotaMicros", quota.dailyQuotaMicros())
      .put("fallbackGroup", quota.fallbackGroup());
  }

  private Future<UserQuota> found(long id) {
    return quotas.userQuota(id).compose(q -> q == null ? Future.failedFuture(AdminError.notFound("user"))
      : Future.succeededFuture(q));
  }

  private static long offset(Call call) {
    String value = call.query("offset");
    try {
      long n = value == null ? 0 : Long.parseLong(value);
      if (n < 0) {
        throw AdminError.badField("offset", "must be at least 0");
      }
      return n;
    } catch (NumberFormatException e) {
      throw AdminError.badField("offset", "must be a whole number");
    }
  }
}

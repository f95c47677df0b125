package io.switchboard.admin;

import io.switchboard.store.ApiKeyStore;
import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaStore;
import io.switchboard.store.UsageLogEntry;
import io.switchboard.store.UsageReportStore;
import io.switchboard.store.UsageReportStore.Cursor;
import io.switchboard.store.UsageReportStore.Group;
import io.switchboard.store.UsageReportStore.RecordFilter;
import io.switchboard.store.UsageReportStore.Scope;
import io.switchboard.store.UsageReportStore.Totals;
import io.switchboard.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The usage API. A user sees their own usage only: naming another user's id or another user's key answers 404
 * (as keys do, so ids cannot be probed). An admin sees any user's ({@code userId}), any key's ({@code keyId}), or,
 * naming neither, everything. Days are UTC days, the rollups' days. Costs are the charged cost ({@code costMicros});
 * only admins also get {@code baseCostMicros}, so nothing a user sees reveals the group ratio or their multiplier.
 */
final class UsageRoutes {
  static final List<String> CSV_COLUMNS = List.of("requestId", "createdAt", "keyId", "model", "inputTokens",
    "outputTokens", "cachedTokens", "cacheWriteTokens", "reasoningTokens", "status", "latencyMs", "stream", "outcome",
    "costMicros", "estimated", "priceMissing");
  static final List<String> ADMIN_CSV_COLUMNS = List.of("userId", "accountId", "upstreamModel", "errorClass",
    "baseCostMicros");
  private static final int MAX_PAGE = 500;
  private static final int MAX_EXPORT = 100_000;
  private final UsageReportStore usage;
  private final UserStore users;
  private final ApiKeyStore keys;
  private final QuotaStore quotas;
  private final QuotaDay quotaDay;

  UsageRoutes(UsageReportStore usage, UserStore users, ApiKeyStore keys, QuotaStore quotas, QuotaDay quotaDay) {
    this.usage = usage;
    this.users = users;
    this.keys = keys;
    this.quotas = quotas;
    this.quotaDay = quotaDay;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("usageSummary", this::summary);
    ops.put("usageDaily", call -> grouped(call, Group.DAY, "days", "day"));
    ops.put("usageMonthly", call -> grouped(call, Group.MONTH, "months", "month"));
    ops.put("usageByModel", call -> grouped(call, Group.MODEL, "models", "model"));
    ops.put("usageByKey", call -> grouped(call, Group.KEY, "keys", "keyId"));
    ops.put("usageSeries", this::series);
    ops.put("listUsageRecords", this::records);
    ops.put("exportUsageRecords", this::export);
  }

  private Future<Answer> summary(Call call) {
    LocalDate today = today();
    return scope(call).compose(scope -> {
      Future<Totals> total = usage.totals(scope, null, today, today);
      Future<Totals> ofToday = usage.totals(scope, today, today, today);
      Future<JsonObject> quota = scope.userId() == null ? Future.succeededFuture() : quota(scope.userId());
      return Future.all(total, ofToday, quota).compose(all -> {
        JsonObject out = new JsonObject().put("dayBoundary", "UTC").put("day", today.toString())
          .put("userId", scope.userId()).put("keyId", scope.keyId())
          .put("total", UsageJson.totals(total.result(), call.admin()))
          .put("today", UsageJson.totals(ofToday.result(), call.admin()));
        if (quota.result() != null) {
          out.put("quota", quota.result());
        }
        return Answer.ok(out);
      });
    });
  }

  /** Balance, daily quota and today's spend against it (in the quota time zone's day). */
  private Future<JsonObject> quota(long userId) {
    return Future.all(quotas.userQuota(userId), quotas.spendSince(userId, quotaDay.startOfToday()),
        quotas.fallbackSince(userId))
      .map(all -> {
        var quota = all.<io.switchboard.store.QuotaStore.UserQuota>resultAt(0);
        return new JsonObject().put("balanceMicros", quota == null ? null : quota.balanceMicros())
          .put("dailyQuotaMicros", quota == null ? null : quota.dailyQuotaMicros())
          .put("todaySpendMicros", all.<Long>resultAt(1)).put("quotaDay", quotaDay.todayName())
          .put("quotaTimeZone", quotaDay.zone().getId()).put("onFallback", all.resultAt(2) != null);
      });
  }

  /** Totals per group: the array is {@code field}, each row's day, month or model is {@code keyField}. */
  private Future<Answer> grouped(Call call, Group group, String field, String keyField) {
    LocalDate today = today();
    UsageParams params = new UsageParams(call);
    UsageParams.Days days = group == Group.MONTH ? params.months(today) : params.days(today, 30);
    return scope(call).compose(scope -> usage.aggregate(group, scope, days.from(), days.to(), today))
      .compose(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(r -> items.add(UsageJson.grouped(r, keyField, call.admin())));
        return Answer.ok(new JsonObject().put("dayBoundary", "UTC").put("from", days.from().toString())
          .put("to", days.to().toString()).put(field, items));
      });
  }

  /**
   * Totals per minute (at most a day of them, default the last hour) or per hour (at most 31 days, default the last
   * 24 hours) from the raw log: the dashboard's charts and its live request rate.
   */
  private Future<Answer> series(Call call) {
    UsageParams params = new UsageParams(call);
    String unit = call.query("unit") == null ? "hour" : call.query("unit");
    UsageParams.Window window = switch (unit) {
      case "minute" -> params.window(Instant.now(), Duration.ofHours(1), Duration.ofDays(1));
      case "hour" -> params.window(Instant.now(), Duration.ofDays(1), Duration.ofDays(31));
      default -> throw AdminError.badField("unit", "must be minute or hour");
    };
    return scope(call).compose(scope -> usage.series(scope, unit, window.from(), window.to()))
      .compose(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(b -> items.add(UsageJson.totals(b.totals(), call.admin()).put("at", b.at().toString())));
        return Answer.ok(new JsonObject().put("unit", unit).put("from", window.from().toString())
          .put("to", window.to().toString()).put("items", items));
      });
  }

  private Future<Answer> records(Call call) {
    UsageParams params = new UsageParams(call);
    int limit = params.limit(100, MAX_PAGE);
    Cursor after = params.cursor();
    return filter(call, params).compose(filter -> usage.records(filter, after, limit + 1))
      .compose(rows -> {
        JsonObject out = new JsonObject();
        if (rows.size() > limit) {
          UsageLogEntry last = rows.get(limit - 1);
          rows = rows.subList(0, limit);
          out.put("nextCursor", UsageParams.cursor(new Cursor(last.createdAt(), last.requestId())));
        } else {
          out.putNull("nextCursor");
        }
        return Answer.ok(out.put("items", new JsonArray(new ArrayList<>(asJson(rows, call.admin()))))
          .put("limit", limit));
      });
  }

  private Future<Answer> export(Call call) {
    UsageParams params = new UsageParams(call);
    List<String> columns = new ArrayList<>(CSV_COLUMNS);
    if (call.admin()) {
      columns.addAll(ADMIN_CSV_COLUMNS);
    }
    return filter(call, params).compose(filter -> usage.records(filter, null, MAX_EXPORT))
      .map(rows -> CsvExport.of(call, "usage.csv", columns, asJson(rows, call.admin())));
  }

  private static List<JsonObject> asJson(List<UsageLogEntry> rows, boolean withBase) {
    return rows.stream().map(r -> UsageJson.record(r, withBase)).toList();
  }

  private Future<RecordFilter> filter(Call call, UsageParams params) {
    UsageParams.Window window = params.window(Instant.now());
    Integer status = params.statusCode();
    Boolean failed = params.failed();
    String model = call.query("model");
    return scope(call).map(scope -> new RecordFilter(scope, window.from(), window.to(), model, status, failed));
  }

  /**
   * Whose usage the caller asks for and may see. A user is always scoped to themselves; their own id and keys pass,
   * anyone else's answer 404. An admin's ids must name a user or key that exists.
   */
  private Future<Scope> scope(Call call) {
    UsageParams params = new UsageParams(call);
    Long userId = params.id("userId");
    Long keyId = params.id("keyId");
    long self = call.caller().id();
    if (!call.admin() && userId != null && userId != self) {
      return Future.failedFuture(AdminError.notFound("user"));
    }
    Future<Void> userExists = userId == null ? Future.succeededFuture() : users.find(userId)
      .compose(u -> u == null ? Future.failedFuture(AdminError.notFound("user")) : Future.succeededFuture());
    Future<Void> keyVisible = keyId == null ? Future.succeededFuture() : keys.find(keyId)
      .compose(k -> k == null || !call.admin() && k.key().userId() != self
        ? Future.failedFuture(AdminError.notFound("key")) : Future.succeededFuture());
    return Future.all(userExists, keyVisible).map(v -> new Scope(call.admin() ? userId : Long.valueOf(self), keyId));
  }

  private static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }
}

package io.switchboard.admin;

import io.switchboard.store.AuditStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The audit log: filtered and paged as JSON, or exported as CSV (admin only). */
final class AuditRoutes {
  private static final int MAX_PAGE = 500;
  private static final int MAX_EXPORT = 100_000;
  private static final List<String> COLUMNS =
    List.of("id", "at", "actorId", "actorName", "action", "targetType", "targetId", "ip", "outcome", "before", "after");
  private final AuditStore store;

  AuditRoutes(AuditStore store) {
    this.store = store;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listAudit", this::list);
    ops.put("exportAudit", this::export);
  }

  private Future<Answer> list(Call call) {
    int limit = (int) number(call, "limit", 100, MAX_PAGE);
    long offset = number(call, "offset", 0, Long.MAX_VALUE);
    return store.list(filter(call), limit, offset)
      .compose(rows -> Answer.ok(new JsonObject().put("items", new JsonArray(new ArrayList<>(asJson(rows))))
        .put("limit", limit).put("offset", offset)));
  }

  private Future<Answer> export(Call call) {
    return store.list(filter(call), MAX_EXPORT, 0)
      .map(rows -> CsvExport.of(call, "audit.csv", COLUMNS, asJson(rows)));
  }

  private static List<JsonObject> asJson(List<AuditStore.Logged> rows) {
    return rows.stream().map(AuditJson::row).toList();
  }

  private static AuditStore.Filter filter(Call call) {
    return new AuditStore.Filter(call.query("actor"), call.query("action"), call.query("target"),
      time(call, "from"), time(call, "to"));
  }

  private static Instant time(Call call, String name) {
    String value = call.query(name);
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw AdminError.badField(name, "must be an ISO-8601 time such as 2030-01-31T00:00:00Z");
    }
  }

  private static long number(Call call, String name, long fallback, long max) {
    String value = call.query(name);
    if (value == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0 || n > max) {
        throw AdminError.badField(name, "must be between 0 and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw AdminError.badField(name, "must be a whole number");
    }
  }
}

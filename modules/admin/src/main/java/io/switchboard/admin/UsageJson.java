package io.switchboard.admin;

import io.switchboard.store.UsageLogEntry;
import io.switchboard.store.UsageReportStore.Grouped;
import io.switchboard.store.UsageReportStore.Totals;
import io.vertx.core.json.JsonObject;

/**
 * Usage as the API shows it. Costs are the charged cost ({@code costMicros}); {@code withBase} (an admin asking)
 * adds the base cost and, on records, the upstream side: nothing a user sees reveals the group ratio or their
 * multiplier.
 */
final class UsageJson {
  private UsageJson() {
  }

  static JsonObject totals(Totals t, boolean withBase) {
    JsonObject out = new JsonObject().put("requests", t.requests()).put("errors", t.errors())
      .put("inputTokens", t.inputTokens()).put("outputTokens", t.outputTokens()).put("cachedTokens", t.cachedTokens())
      .put("cacheWriteTokens", t.cacheWriteTokens()).put("reasoningTokens", t.reasoningTokens())
      .put("costMicros", t.costMicros());
    return withBase ? out.put("baseCostMicros", t.baseCostMicros()) : out;
  }

  /** One group's totals with its key (a day, month or model) under {@code field}. */
  static JsonObject grouped(Grouped g, String field, boolean withBase) {
    // a key is grouped by its id, a number in JSON like every other key id
    return totals(g.totals(), withBase).put(field, field.equals("keyId") ? (Object) Long.valueOf(g.key()) : g.key());
  }

  static JsonObject record(UsageLogEntry e, boolean withBase) {
    JsonObject out = new JsonObject().put("requestId", e.requestId()).put("createdAt", e.createdAt().toString())
      .put("keyId", e.keyId()).put("userId", e.userId()).put("model", e.model())
      .put("inputTokens", e.inputTokens()).put("outputTokens", e.outputTokens())
      .put("cachedTokens", e.cachedTokens()).put("cacheWriteTokens", e.cacheWriteTokens())
      .put("reasoningTokens", e.reasoningTokens()).put("status", e.status()).put("latencyMs", e.latencyMs())
      .put("ttfbMs", e.ttfbMs()).put("stream", e.stream()).put("outcome", e.outcome())
      .put("costMicros", e.costMicros()).put("estimated", e.estimated()).put("priceMissing", e.priceMissing())
      .put("endpoint", e.endpoint()).put("requestBytes", e.requestBytes()).put("responseBytes", e.responseBytes())
      .put("units", e.units());
    if (withBase) {
      // what only admins see: the upstream side and the cost before the group ratio and multiplier
      out.put("accountId", e.accountId()).put("upstreamModel", e.upstreamModel()).put("group", e.group())
        .put("onFallback", e.onFallback()).put("errorClass", e.errorClass())
        .put("baseCostMicros", e.baseCostMicros()).put("clientIp", e.clientIp());
    }
    return out;
  }
}

package io.switchboard.admin;

import io.switchboard.store.ApiKey;
import io.switchboard.store.ApiKeyStore.KeyDetails;
import io.switchboard.store.UsageLogEntry;
import io.switchboard.store.UsageReportStore.Totals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Client keys as the admin API shows them: never the key itself (create and rotate add it once). */
final class KeyJson {
  private KeyJson() {
  }

  /** The key's settings with its owner (userId null when none), spend and times. */
  static JsonObject key(KeyDetails d) {
    ApiKey k = d.key();
    return new JsonObject().put("id", k.id()).put("name", k.name()).put("displayPrefix", k.displayPrefix())
      .put("models", strings(k.models())).put("enabled", k.enabled())
      .put("userId", k.userId() == 0 ? null : k.userId()).put("owner", d.owner())
      .put("allowedProviders", strings(k.allowedProviders())).put("rpm", k.rpm()).put("tpm", k.tpm())
      .put("maxConcurrency", k.maxConcurrency()).put("budgetMicros", k.budgetMicros())
      .put("spentMicros", d.spentMicros())
      .put("expiresAt", k.expiresAt() == null ? null : k.expiresAt().toString())
      .put("ipAllow", strings(k.ipAllow())).put("createdAt", d.createdAt().toString())
      .put("lastUsedAt", d.lastUsedAt() == null ? null : d.lastUsedAt().toString());
  }

  /** A key's usage counters: its totals and when it was last used. */
  static JsonObject counters(Totals totals, String lastRequestAt, boolean withBase) {
    return UsageJson.totals(totals, withBase).put("lastRequestAt", lastRequestAt);
  }

  /**
   * The key with its usage counters (zeros before its first request) and its spend against its budget: both in
   * charged cost; admins also see the base cost.
   */
  static JsonObject withCounters(KeyDetails key, JsonObject counters, boolean withBase) {
    JsonObject c = counters != null ? counters.copy() : UsageJson.totals(Totals.ZERO, false).putNull("lastRequestAt");
    if (withBase) {
      c.put("baseCostMicros", c.getLong("baseCostMicros", 0L));
    }
    Long budget = key.key().budgetMicros();
    c.put("budgetRemainingMicros", budget == null ? null : Math.max(0, budget - key.spentMicros()));
    return key(key).put("usage", c);
  }

  /** One of a key's latest requests, as admins see it on the key. */
  static JsonObject recentRequest(UsageLogEntry e) {
    return new JsonObject().put("requestId", e.requestId()).put("at", e.createdAt().toString())
      .put("model", e.model()).put("upstreamModel", e.upstreamModel()).put("inputTokens", e.inputTokens())
      .put("outputTokens", e.outputTokens()).put("status", e.status()).put("latencyMs", e.latencyMs())
      .put("stream", e.stream()).put("outcome", e.outcome());
  }

  private static JsonArray strings(List<String> values) {
    return new JsonArray(new ArrayList<>(values));
  }
}

package io.switchboard.admin;

import io.switchboard.store.QuotaStore.FallbackUser;
import io.switchboard.store.QuotaStore.HistoryEntry;
import io.vertx.core.json.JsonObject;

/** A user's balance history and the users on fallback, as the admin API shows them. */
final class QuotaJson {
  private QuotaJson() {
  }

  static JsonObject historyEntry(HistoryEntry e) {
    return new JsonObject().put("id", e.id()).put("beforeMicros", e.change().beforeMicros())
      .put("afterMicros", e.change().afterMicros()).put("deltaMicros", e.deltaMicros()).put("reason", e.reason())
      .put("actor", e.actor()).put("at", e.at().toString());
  }

  static JsonObject fallbackUser(FallbackUser u) {
    return new JsonObject().put("userId", u.userId()).put("username", u.username()).put("group", u.group())
      .put("dailyQuotaMicros", u.dailyQuotaMicros()).put("fallbackGroup", u.fallbackGroup())
      .put("fallbackSince", u.since().toString());
  }
}

package io.switchboard.admin;

import io.switchboard.store.AccountQuota;
import io.switchboard.store.AccountQuotaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * An account's quota as the admin API takes and shows it: {@code quota: {unit: requests|tokens, period: day|total,
 * limit, used?}}, or {@code quota: null} for none. Writing one with room left (a raised limit, a reset count, no quota
 * at all) brings back an account its spent quota had disabled, on its status history.
 */
final class AccountQuotaFields {
  private static final Set<String> UNITS = Set.of("requests", "tokens");
  private static final Set<String> PERIODS = Set.of("day", "total");
  private final AccountQuotaStore store;

  /** A quota the body asks for: {@code limit} null removes it; {@code used} null keeps the count. */
  record Change(String unit, String period, Long limit, Long used) {
  }

  AccountQuotaFields(AccountQuotaStore store) {
    this.store = store;
  }

  /** The quota the body sets, or null when it says nothing of one; a bad field is a 400 naming it. */
  static Change read(Fields body, AccountQuota current) {
    if (!body.has("quota")) {
      return null;
    }
    JsonObject quota = body.object("quota", null);
    if (quota == null) {
      return new Change(null, null, null, null);
    }
    Fields q = new Fields(quota);
    String unit = q.text("unit", current == null ? "requests" : current.unit());
    String period = q.text("period", current == null ? "day" : current.period());
    if (!UNITS.contains(unit)) {
      throw AdminError.badField("quota.unit", "must be requests or tokens");
    }
    if (!PERIODS.contains(period)) {
      throw AdminError.badField("quota.period", "must be day or total");
    }
    Long limit = number(quota, "limit", current == null ? null : current.limit());
    if (limit == null) {
      throw AdminError.badField("quota.limit", "is required");
    }
    return new Change(unit, period, limit, number(quota, "used", null));
  }

  private static Long number(JsonObject quota, String field, Long fallback) {
    Object v = quota.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
      throw AdminError.badField("quota." + field, "must be a whole number, at least 0");
    }
    return ((Number) v).longValue();
  }

  /** Stores the change (none: nothing to do) and re-enables the account if its quota now has room. */
  Future<Void> apply(long accountId, Change change) {
    if (change == null) {
      return Future.succeededFuture();
    }
    return store.set(accountId, change.unit(), change.period(), change.limit())
      .compose(v -> change.used() == null ? Future.succeededFuture() : store.setUsed(accountId, change.used()))
      .compose(v -> store.reactivateIfRoom(accountId, "quota_raised"))
      .mapEmpty();
  }

  /** The quota as the API shows it, or null. */
  static JsonObject view(AccountQuota quota) {
    return quota == null ? null : new JsonObject().put("unit", quota.unit()).put("period", quota.period())
      .put("limit", quota.limit()).put("used", quota.used()).put("remaining", quota.remaining());
  }
}

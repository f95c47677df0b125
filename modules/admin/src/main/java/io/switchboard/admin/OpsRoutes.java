package io.switchboard.admin;

import io.switchboard.store.AccountStatusHistory;
import io.switchboard.store.rules.RuleHitStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Operations on what the gateway did by itself (admin only): rules and their hits, dry-runs, cron jobs and their
 * runs, and an account's status history. Registers {@link RuleRoutes} and {@link CronRoutes} beside its own two.
 */
final class OpsRoutes {
  static final int MAX_LIMIT = 500;
  private final AdminContext admin;
  private final AccountStatusHistory history;
  private final RuleHitStore hits;

  OpsRoutes(AdminContext admin) {
    this.admin = admin;
    this.history = new AccountStatusHistory(admin.pool());
    this.hits = new RuleHitStore(admin.pool());
  }

  void register(Map<String, AdminOperation> ops) {
    new RuleRoutes(admin).register(ops);
    new CronRoutes(admin).register(ops);
    ops.put("listAccountStatusEvents", this::statusEvents);
    ops.put("listAccountRuleHits", this::ruleHits);
  }

  /** The account's status changes (health, probes), newest first. */
  private Future<Answer> statusEvents(Call call) {
    long id = call.id();
    int limit = limit(call, 100);
    return account(id).compose(v -> history.latest(id, limit)).compose(events -> {
      JsonArray items = new JsonArray();
      events.forEach(e -> items.add(e.toJson()));
      return Answer.ok(new JsonObject().put("items", items).put("limit", limit));
    });
  }

  /** What rules fired on the account, newest first. */
  private Future<Answer> ruleHits(Call call) {
    long id = call.id();
    int limit = limit(call, 100);
    return account(id).compose(v -> hits.byAccount(id, limit)).compose(found -> {
      JsonArray items = new JsonArray();
      found.forEach(h -> items.add(h.toJson()));
      return Answer.ok(new JsonObject().put("items", items).put("limit", limit));
    });
  }

  private Future<Void> account(long id) {
    return admin.accounts().find(id).compose(a -> a == null ? Future.failedFuture(AdminError.notFound("account"))
      : Future.succeededFuture());
  }

  /** The {@code limit} query parameter: 1 to {@link #MAX_LIMIT}, {@code fallback} when absent. */
  static int limit(Call call, int fallback) {
    String value = call.query("limit");
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < 1 || n > MAX_LIMIT) {
        throw AdminError.badField("limit", "must be between 1 and " + MAX_LIMIT);
      }
      return n;
    } catch (NumberFormatException e) {
      throw AdminError.badField("limit", "must be a whole number");
    }
  }

  /**
   * A failed request to another role as the admin API answers it: its own 404 and 409 pass through with its
   * message; no role listening, or none answering in time, is a 503 naming the role.
   */
  static AdminError fromRole(Throwable failure, String role) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && (reply.failureCode() == 404 || reply.failureCode() == 409)) {
      return new AdminError(reply.failureCode(), reply.getMessage(), null, null);
    }
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      return new AdminError(503, "the " + role + " role did not answer in time", null, null);
    }
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return new AdminError(503, "no " + role + " role is running", null, null);
    }
    return new AdminError(503, "the " + role + " role failed to answer", null, null);
  }
}

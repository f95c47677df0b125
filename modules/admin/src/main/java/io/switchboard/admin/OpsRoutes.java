package io.switchboard.admin;

import io.switchboard.store.AccountStatusHistory;
import io.switchboard.store.AccountStore;
import io.switchboard.store.rules.RuleHitStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What the gateway did to an account by itself (admin only): its status history and the rule hits on it. Also the
 * {@code limit} parameter and the failures of other roles as {@link RuleRoutes} and {@link CronRoutes} answer them.
 */
final class OpsRoutes {
  static final int MAX_LIMIT = 500;
  private final AccountStore accounts;
  private final AccountStatusHistory history;
  private final RuleHitStore hits;

  OpsRoutes(AccountStore accounts, AccountStatusHistory history, RuleHitStore hits) {
    this.accounts = accounts;
    this.history = history;
    this.hits = hits;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listAccountStatusEvents", this::statusEvents);
    ops.put("listAccountRuleHits", this::ruleHits);
  }

  /** The account's status changes (health, probes), newest first. */
  private Future<Answer> statusEvents(Call call) {
    long id = call.id();
    int limit = limit(call, 100);
    return account(id).compose(v -> history.latest(id, limit)).compose(events -> {
      JsonArray items = new JsonArray();
      events.forEach(e -> items.add(OpsJson.statusEvent(e)));
      return Answer.ok(new JsonObject().put("items", items).put("limit", limit));
    });
  }

  /** What rules fired on the account, newest first. */
  private Future<Answer> ruleHits(Call call) {
    long id = call.id();
    int limit = limit(call, 100);
    return account(id).compose(v -> hits.byAccount(id, limit)).compose(found -> {
      JsonArray items = new JsonArray();
      found.forEach(h -> items.add(OpsJson.ruleHit(h)));
      return Answer.ok(new JsonObject().put("items", items).put("limit", limit));
    });
  }

  private Future<Void> account(long id) {
    return accounts.find(id).compose(a -> a == null ? Future.failedFuture(AdminError.notFound("account"))
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

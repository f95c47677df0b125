package io.switchboard.admin;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.RuleDryRunReport;
import io.switchboard.api.RuleDryRunRequest;
import io.switchboard.store.rules.InvalidRuleException;
import io.switchboard.store.rules.RuleHitStore;
import io.switchboard.store.rules.RuleStore;
import io.switchboard.store.rules.RuleValidator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Rules (admin only): CRUD validated by {@link RuleValidator} (a 400 names the first bad part as {@code field} and
 * lists every one in the message), enable/disable, dry-runs by the rules role, and each rule's hits. Every write
 * is audited and announced as {@code ConfigChanged("rule", id)}, so every node's engine reloads it.
 */
final class RuleRoutes {
  private static final long DRY_RUN_TIMEOUT_MS = 60_000;
  private static final int DEFAULT_DRY_RUN = 1000;
  private final Vertx vertx;
  private final RuleStore rules;
  private final RuleHitStore hits;
  private final AuditTrail audit;
  private final ConfigAnnouncer announcer;

  RuleRoutes(Vertx vertx, RuleStore rules, RuleHitStore hits, AuditTrail audit, ConfigAnnouncer announcer) {
    this.vertx = vertx;
    this.rules = rules;
    this.hits = hits;
    this.audit = audit;
    this.announcer = announcer;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listRules", this::list);
    ops.put("createRule", this::create);
    ops.put("getRule", this::get);
    ops.put("updateRule", this::update);
    ops.put("deleteRule", this::delete);
    ops.put("enableRule", call -> setEnabled(call, true));
    ops.put("disableRule", call -> setEnabled(call, false));
    ops.put("dryRunRule", this::dryRun);
    ops.put("listRuleHits", this::ruleHits);
  }

  private Future<Answer> list(Call call) {
    return rules.list().compose(all -> Answer.ok(new JsonArray(List.copyOf(all))));
  }

  private Future<Answer> get(Call call) {
    return found(call.id()).compose(Answer::ok);
  }

  private Future<Answer> create(Call call) {
    // the store validates what it writes; its errors become the same 400
    return rules.insert(definition(call)).recover(RuleRoutes::invalidAfterAll).compose(this::found)
      .compose(saved -> audit.ok(call, "rule.create", "rule", saved.getLong("id"), null, saved)
        .compose(v -> announced(saved, Answer.created(saved))));
  }

  /** Changes the fields the body names (a null removes an optional one); the result is validated as a whole. */
  private Future<Answer> update(Call call) {
    long id = call.id();
    JsonObject changes = definition(call);
    return found(id).compose(before -> {
      JsonObject merged = editable(before);
      changes.forEach(e -> merged.put(e.getKey(), e.getValue()));
      return save(call, id, before, withoutNulls(merged), "rule.update");
    });
  }

  private Future<Answer> setEnabled(Call call, boolean enabled) {
    long id = call.id();
    return found(id).compose(before -> save(call, id, before, editable(before).put("enabled", enabled),
      enabled ? "rule.enable" : "rule.disable"));
  }

  private Future<Answer> delete(Call call) {
    long id = call.id();
    return found(id).compose(before -> rules.delete(id)
      .compose(v -> audit.ok(call, "rule.delete", "rule", id, before, null))
      .compose(v -> {
        announcer.changed(ConfigChanged.RULE, id);
        return Answer.noContent();
      }));
  }

  /** A saved rule ({@code ruleId}) or an unsaved definition ({@code rule}) against the last {@code last} outcomes. */
  private Future<Answer> dryRun(Call call) {
    Fields body = call.body();
    Long ruleId = body.whole("ruleId", null, 1);
    JsonObject rule = body.object("rule", null);
    int last = body.wholeInt("last", DEFAULT_DRY_RUN, 1);
    if (ruleId == null && rule == null) {
      throw AdminError.badField("rule", "(a definition) or ruleId (a saved rule) is required");
    }
    JsonObject unsaved = rule == null ? null : rule.copy().put("name", rule.getValue("name", "dry-run"));
    if (unsaved != null) {
      valid(unsaved, "rule.");
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(DRY_RUN_TIMEOUT_MS);
    return vertx.eventBus()
      .<RuleDryRunReport>request(Addresses.RULES_DRY_RUN, new RuleDryRunRequest(unsaved == null ? ruleId : null,
        unsaved, last), options)
      .map(Message::body)
      .recover(failure -> {
        if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
          && reply.failureCode() == 400) {
          return Future.failedFuture(invalid(Arrays.asList(reply.getMessage().split("\n")), "rule."));
        }
        if (failure instanceof ReplyException reply && reply.failureCode() == 404) {
          return Future.failedFuture(AdminError.notFound("rule"));
        }
        return Future.failedFuture(OpsRoutes.fromRole(failure, "rules"));
      })
      .compose(report -> Answer.ok(report.toJson().put("last", last)));
  }

  private Future<Answer> ruleHits(Call call) {
    long id = call.id();
    int limit = OpsRoutes.limit(call, 100);
    return found(id).compose(rule -> hits.byRule(id, limit)).compose(found -> {
      JsonArray items = new JsonArray();
      found.forEach(h -> items.add(OpsJson.ruleHit(h)));
      return Answer.ok(new JsonObject().put("items", items).put("limit", limit));
    });
  }

  private Future<Answer> save(Call call, long id, JsonObject before, JsonObject definition, String action) {
    return rules.update(id, definition).recover(RuleRoutes::invalidAfterAll)
      .compose(updated -> updated ? found(id) : Future.failedFuture(AdminError.notFound("rule")))
      .compose(after -> audit.ok(call, action, "rule", id, before, after)
        .compose(v -> announced(after, Answer.ok(after))));
  }

  private Future<Answer> announced(JsonObject rule, Future<Answer> answer) {
    announcer.changed(ConfigChanged.RULE, rule.getLong("id"));
    return answer;
  }

  private Future<JsonObject> found(long id) {
    return rules.find(id).compose(r -> r == null ? Future.failedFuture(AdminError.notFound("rule"))
      : Future.succeededFuture(r));
  }

  /** The request body as a rule definition; the id comes from the path, never from the body. */
  private static JsonObject definition(Call call) {
    call.body(); // a 400 unless the body is a JSON object
    JsonObject json = call.ctx().body().length() <= 0 ? new JsonObject() : call.ctx().body().asJsonObject().copy();
    json.remove("id");
    return json;
  }

  /** A stored rule as a definition to edit: without its id and the nulls of optional fields. */
  private static JsonObject editable(JsonObject stored) {
    JsonObject copy = withoutNulls(stored.copy());
    copy.remove("id");
    return copy;
  }

  private static JsonObject withoutNulls(JsonObject json) {
    json.fieldNames().removeIf(key -> json.getValue(key) == null);
    return json;
  }

  private static JsonObject valid(JsonObject definition, String prefix) {
    List<String> errors = RuleValidator.validate(definition);
    if (!errors.isEmpty()) {
      throw invalid(errors, prefix);
    }
    return definition;
  }

  /** Every error in the message; the first one's path (before its colon) as the field. */
  private static AdminError invalid(List<String> errors, String prefix) {
    String first = errors.get(0);
    int colon = first.indexOf(':');
    String field = prefix + (colon > 0 ? first.substring(0, colon) : "rule");
    StringBuilder message = new StringBuilder("the rule is not valid: ");
    for (int i = 0; i < errors.size(); i++) {
      message.append(i == 0 ? "" : "; ").append(prefix).append(errors.get(i));
    }
    return new AdminError(400, message.toString(), field.endsWith(".rule") ? "rule" : field, null);
  }

  private static <T> Future<T> invalidAfterAll(Throwable failure) {
    return Future.failedFuture(failure instanceof InvalidRuleException bad ? invalid(bad.errors(), "") : failure);
  }
}

package io.switchboard.store.rules;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes rule rows as the JSON definitions {@link RuleValidator} checks; writes validate first and fail
 * with {@link InvalidRuleException}. Whoever writes announces {@code ConfigChanged("rule", id)}.
 */
public final class RuleStore {
  private static final String COLUMNS = "id, name, description, enabled, mode, scope, condition, threshold_count,"
    + " window_seconds, cooldown_seconds, actions, reenable_after_seconds, builtin";
  private final Pool pool;

  public RuleStore(Pool pool) {
    this.pool = pool;
  }

  /** Every rule, in id order, as its JSON definition with its id. */
  public Future<List<JsonObject>> list() {
    return pool.query("select " + COLUMNS + " from rules order by id").execute().map(RuleStore::toJson);
  }

  /** The rule's definition, or null when no row has that id. */
  public Future<JsonObject> find(long id) {
    return pool.preparedQuery("select " + COLUMNS + " from rules where id = $1").execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toJson(rows.iterator().next()));
  }

  /** Validates and inserts a rule; returns its id. */
  public Future<Long> insert(JsonObject definition) {
    RuleDefinition rule;
    try {
      rule = RuleDefinition.parse(definition);
    } catch (InvalidRuleException e) {
      return Future.failedFuture(e);
    }
    return pool.preparedQuery("insert into rules (name, description, enabled, mode, scope, condition, threshold_count,"
        + " window_seconds, cooldown_seconds, actions, reenable_after_seconds, builtin)"
        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id")
      .execute(values(rule, definition)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Validates and replaces a rule's definition; false when no row has that id. */
  public Future<Boolean> update(long id, JsonObject definition) {
    RuleDefinition rule;
    try {
      rule = RuleDefinition.parse(definition);
    } catch (InvalidRuleException e) {
      return Future.failedFuture(e);
    }
    return pool.preparedQuery("update rules set name = $1, description = $2, enabled = $3, mode = $4, scope = $5,"
        + " condition = $6, threshold_count = $7, window_seconds = $8, cooldown_seconds = $9, actions = $10,"
        + " reenable_after_seconds = $11, builtin = $12, updated_at = now() where id = $13")
      .execute(values(rule, definition).addLong(id)).map(rows -> rows.rowCount() == 1);
  }

  /** Deletes a rule and its hits; false when no row has that id. */
  public Future<Boolean> delete(long id) {
    return pool.preparedQuery("delete from rules where id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  private static Tuple values(RuleDefinition rule, JsonObject definition) {
    return Tuple.from(new Object[] {rule.name(), rule.description(), rule.enabled(), rule.mode(),
      definition.getJsonObject("scope", new JsonObject().put("type", "all")), definition.getJsonObject("condition"),
      rule.thresholdCount(), rule.windowSeconds(), rule.cooldownSeconds(), definition.getJsonArray("actions"),
      rule.reenableAfterSeconds(), rule.builtin()});
  }

  private static List<JsonObject> toJson(RowSet<Row> rows) {
    List<JsonObject> rules = new ArrayList<>();
    rows.forEach(row -> rules.add(toJson(row)));
    return rules;
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("id", row.getLong("id")).put("name", row.getString("name"))
      .put("description", row.getString("description")).put("enabled", row.getBoolean("enabled"))
      .put("mode", row.getString("mode")).put("scope", row.getJson("scope"))
      .put("condition", row.getJson("condition"))
      .put("threshold", new JsonObject().put("count", row.getInteger("threshold_count"))
        .put("windowSeconds", row.getInteger("window_seconds")))
      .put("cooldownSeconds", row.getInteger("cooldown_seconds")).put("actions", (JsonArray) row.getJson("actions"))
      .put("reenableAfterSeconds", row.getInteger("reenable_after_seconds")).put("builtin", row.getBoolean("builtin"));
  }
}

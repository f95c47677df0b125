package io.switchboard.store.rules;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Writes rule hits and lists them, newest first, per rule or per account. */
public final class RuleHitStore {
  private static final String COLUMNS =
    "id, rule_id, account_id, at, mode, request_id, status, error_class, evidence, matches, actions";
  private final Pool pool;

  public RuleHitStore(Pool pool) {
    this.pool = pool;
  }

  /** Writes the hit; returns its id. */
  public Future<Long> insert(RuleHit hit) {
    return pool.preparedQuery("insert into rule_hits (rule_id, account_id, at, mode, request_id, status, error_class,"
        + " evidence, matches, actions) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id")
      .execute(Tuple.from(new Object[] {hit.ruleId(), hit.accountId(), hit.at().atOffset(ZoneOffset.UTC), hit.mode(),
        hit.requestId(), hit.status(), hit.errorClass(), hit.evidence(), hit.matches(),
        hit.actions().toArray(String[]::new)}))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The rule's latest hits, newest first. */
  public Future<List<RuleHit>> byRule(long ruleId, int limit) {
    return pool.preparedQuery("select " + COLUMNS + " from rule_hits where rule_id = $1 order by at desc, id desc"
      + " limit $2").execute(Tuple.of(ruleId, limit)).map(RuleHitStore::hits);
  }

  /** The latest hits on an account, by any rule, newest first. */
  public Future<List<RuleHit>> byAccount(long accountId, int limit) {
    return pool.preparedQuery("select " + COLUMNS + " from rule_hits where account_id = $1 order by at desc, id desc"
      + " limit $2").execute(Tuple.of(accountId, limit)).map(RuleHitStore::hits);
  }

  private static List<RuleHit> hits(RowSet<Row> rows) {
    List<RuleHit> hits = new ArrayList<>();
    for (Row row : rows) {
      hits.add(new RuleHit(row.getLong("id"), row.getLong("rule_id"), row.getLong("account_id"),
        row.getOffsetDateTime("at").toInstant(), row.getString("mode"), row.getString("request_id"),
        row.getInteger("status"), row.getString("error_class"), row.getString("evidence"), row.getInteger("matches"),
        Arrays.asList(row.getArrayOfStrings("actions"))));
    }
    return hits;
  }
}

package io.switchboard.store.rules;

import io.switchboard.api.ErrorClass;
import io.switchboard.api.Outcome;
import io.switchboard.api.ProviderKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recent upstream outcomes, kept so rules can be dry-run against them: written in batches (one statement, arrays
 * unnested server-side in the select list, as {@code UsageStore} does and says why; an attempt already written is
 * skipped), read newest N, pruned to a row cap.
 */
public final class OutcomeLogStore {
  private static final String INSERT = """
      insert into outcome_log (at, request_id, account_id, provider, model, status, error_class, latency_ms, ttfb_ms,
        headers, body)
      select unnest($1::timestamptz[]), unnest($2::text[]), unnest($3::bigint[]), unnest($4::text[]),
        unnest($5::text[]), unnest($6::int[]), unnest($7::text[]), unnest($8::bigint[]), unnest($9::bigint[]),
        unnest($10::jsonb[]), unnest($11::text[])
      on conflict (request_id, account_id, at) do nothing""";
  private final Pool pool;

  public OutcomeLogStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(List<Outcome> outcomes) {
    int n = outcomes.size();
    OffsetDateTime[] at = new OffsetDateTime[n];
    String[] requestIds = new String[n];
    Long[] accountIds = new Long[n];
    String[] providers = new String[n];
    String[] models = new String[n];
    Integer[] statuses = new Integer[n];
    String[] errorClasses = new String[n];
    Long[] latencies = new Long[n];
    Long[] ttfbs = new Long[n];
    JsonObject[] headers = new JsonObject[n];
    String[] bodies = new String[n];
    for (int i = 0; i < n; i++) {
      Outcome o = outcomes.get(i);
      at[i] = Instant.ofEpochMilli(o.atEpochMs()).atOffset(ZoneOffset.UTC);
      requestIds[i] = o.requestId();
      accountIds[i] = o.accountId();
      providers[i] = o.providerKind().wireName();
      models[i] = o.model();
      statuses[i] = o.status();
      errorClasses[i] = ErrorClass.wireName(o.errorClass());
      latencies[i] = o.latencyMs();
      ttfbs[i] = o.ttfbMs();
      headers[i] = new JsonObject(new HashMap<>(o.headers()));
      bodies[i] = o.body();
    }
    return pool.preparedQuery(INSERT).execute(Tuple.from(new Object[] {at, requestIds, accountIds, providers, models,
      statuses, errorClasses, latencies, ttfbs, headers, bodies})).mapEmpty();
  }

  /** The newest {@code limit} outcomes, oldest first. */
  public Future<List<Outcome>> latest(int limit) {
    return pool.preparedQuery("select at, request_id, account_id, provider, model, status, error_class, latency_ms,"
        + " ttfb_ms, headers, body from outcome_log order by at desc, id desc limit $1").execute(Tuple.of(limit))
      .map(rows -> {
        List<Outcome> outcomes = new ArrayList<>();
        for (Row row : rows) {
          Map<String, String> headers = new HashMap<>();
          ((JsonObject) row.getJson("headers")).forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
          outcomes.add(new Outcome(row.getString("request_id"), row.getLong("account_id"),
            ProviderKind.fromWire(row.getString("provider")), row.getString("model"), row.getInteger("status"),
            ErrorClass.fromWire(row.getString("error_class")), row.getLong("latency_ms"), row.getLong("ttfb_ms"),
            headers, row.getString("body"), row.getOffsetDateTime("at").toInstant().toEpochMilli()));
        }
        Collections.reverse(outcomes);
        return outcomes;
      });
  }

  /** Deletes all but the newest {@code maxRows} rows written (ids have gaps: skipped writes use some); how many went. */
  public Future<Integer> prune(long maxRows) {
    return pool.preparedQuery("delete from outcome_log where id <= (select id from outcome_log order by id desc"
        + " offset $1 limit 1)")
      .execute(Tuple.of(maxRows)).map(rows -> rows.rowCount());
  }
}

package io.switchboard.store;

import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Writes usage rows, a whole batch in one statement (arrays unnested server-side: one parse, one plan, one
 * round trip); a request id already written is skipped, so a replayed batch is harmless.
 */
public final class UsageStore {
  private static final String INSERT = """
      insert into usage_log (request_id, key_id, account_id, model, upstream_model, input_tokens, output_tokens,
        cached_tokens, cache_write_tokens, reasoning_tokens, status, latency_ms, ttfb_ms, stream, outcome, error_class)
      select * from unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::bigint[],
        $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::int[], $12::int[], $13::int[], $14::bool[],
        $15::text[], $16::text[])
      on conflict (request_id) do nothing""";
  private final Pool pool;

  public UsageStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(List<UsageRecord> records) {
    int n = records.size();
    String[] requestIds = new String[n];
    Long[] keyIds = new Long[n];
    Long[] accountIds = new Long[n];
    String[] models = new String[n];
    String[] upstreamModels = new String[n];
    Long[] input = new Long[n];
    Long[] output = new Long[n];
    Long[] cacheRead = new Long[n];
    Long[] cacheWrite = new Long[n];
    Long[] reasoning = new Long[n];
    Integer[] statuses = new Integer[n];
    Integer[] latencies = new Integer[n];
    Integer[] ttfbs = new Integer[n];
    Boolean[] streams = new Boolean[n];
    String[] outcomes = new String[n];
    String[] errorClasses = new String[n];
    for (int i = 0; i < n; i++) {
      UsageRecord r = records.get(i);
      Usage u = r.usage();
      requestIds[i] = r.requestId();
      keyIds[i] = r.keyId();
      accountIds[i] = r.accountId();
      models[i] = r.model();
      upstreamModels[i] = r.upstreamModel();
      input[i] = u.inputTokens();
      output[i] = u.outputTokens();
      cacheRead[i] = u.cacheReadTokens();
      cacheWrite[i] = u.cacheWriteTokens();
      reasoning[i] = u.reasoningTokens();
      statuses[i] = r.status();
      latencies[i] = (int) Math.min(Integer.MAX_VALUE, r.latencyMs());
      ttfbs[i] = r.ttfbMs() < 0 ? null : (int) Math.min(Integer.MAX_VALUE, r.ttfbMs());
      streams[i] = r.stream();
      outcomes[i] = r.outcome();
      errorClasses[i] = r.errorClass();
    }
    return pool.preparedQuery(INSERT).execute(Tuple.from(new Object[] {requestIds, keyIds, accountIds, models,
      upstreamModels, input, output, cacheRead, cacheWrite, reasoning, statuses, latencies, ttfbs, streams, outcomes,
      errorClasses}))
      .mapEmpty();
  }
}

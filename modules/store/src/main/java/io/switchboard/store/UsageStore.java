package io.switchboard.store;

import io.switchboard.api.UsageRecord;
import io.switchboard.api.Usage;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Writes usage rows; a request id already written is skipped, so a replayed batch is harmless. */
public final class UsageStore {
  private static final String INSERT = """
      insert into usage_log (request_id, key_id, account_id, model, upstream_model, input_tokens, output_tokens,
        cached_tokens, cache_write_tokens, reasoning_tokens, status, latency_ms, ttfb_ms, stream, outcome)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
      on conflict (request_id) do nothing""";
  private final Pool pool;

  public UsageStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(List<UsageRecord> records) {
    List<Tuple> batch = new ArrayList<>(records.size());
    for (UsageRecord r : records) {
      Usage u = r.usage();
      batch.add(Tuple.from(new Object[] {r.requestId(), r.keyId(), r.accountId(), r.model(), r.upstreamModel(),
        u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), u.reasoningTokens(),
        r.status(), (int) Math.min(Integer.MAX_VALUE, r.latencyMs()),
        r.ttfbMs() < 0 ? null : (int) Math.min(Integer.MAX_VALUE, r.ttfbMs()), r.stream(), r.outcome()}));
    }
    return pool.preparedQuery(INSERT).executeBatch(batch).mapEmpty();
  }
}

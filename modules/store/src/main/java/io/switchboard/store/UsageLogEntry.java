package io.switchboard.store;

import io.vertx.sqlclient.Row;
import java.time.Instant;

/**
 * One request of the usage log as reports read it: who made it (key, user; user 0 when the key has no owner), the
 * upstream side (account, upstream model, error class: null when unknown), tokens, outcome, and its cost charged
 * ({@code costMicros}) and before the group ratio and the user's multiplier ({@code baseCostMicros}), and its
 * traffic: route, client address, bytes each way and units priced apart from tokens.
 */
public record UsageLogEntry(String requestId, Instant createdAt, long keyId, long userId, Long accountId, String group,
                            boolean onFallback, String model, String upstreamModel, long inputTokens,
                            long outputTokens, long cachedTokens, long cacheWriteTokens, long reasoningTokens,
                            int status, int latencyMs, Integer ttfbMs, boolean stream, String outcome,
                            String errorClass, long costMicros, long baseCostMicros, boolean priceMissing,
                            boolean estimated, String endpoint, String clientIp, long requestBytes,
                            long responseBytes, long units) {
  static final String COLUMNS = """
      request_id, created_at, key_id, user_id, account_id, group_name, on_fallback, model, upstream_model,
        input_tokens, output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, status, latency_ms,
        ttfb_ms, stream, outcome, error_class, charged_cost_micros, base_cost_micros, price_missing, estimated,
        endpoint, client_ip, request_bytes, response_bytes, units""";

  static UsageLogEntry of(Row r) {
    return new UsageLogEntry(r.getString("request_id"), r.getOffsetDateTime("created_at").toInstant(),
      r.getLong("key_id"), r.getLong("user_id"), r.getLong("account_id"), r.getString("group_name"),
      r.getBoolean("on_fallback"), r.getString("model"), r.getString("upstream_model"), r.getLong("input_tokens"),
      r.getLong("output_tokens"), r.getLong("cached_tokens"), r.getLong("cache_write_tokens"),
      r.getLong("reasoning_tokens"), r.getInteger("status"), r.getInteger("latency_ms"), r.getInteger("ttfb_ms"),
      r.getBoolean("stream"), r.getString("outcome"), r.getString("error_class"), r.getLong("charged_cost_micros"),
      r.getLong("base_cost_micros"), r.getBoolean("price_missing"), r.getBoolean("estimated"),
      r.getString("endpoint"), r.getString("client_ip"), r.getLong("request_bytes"), r.getLong("response_bytes"),
      r.getLong("units"));
  }
}

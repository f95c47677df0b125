package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * How a request was admitted against its key's limits and its user's quota. {@code admitted} false: refused, with
 * {@code refusal} saying why ({@code requests}, {@code tokens}, {@code concurrency}) and {@code retryAfterMs} when to
 * come back. {@code slot} names whose concurrency slot to release: the admitting auth instance, which Redis counts
 * requests in flight by (null when the key has no concurrency limit);
 * {@code admittedTokens} the estimate counted against the token limit, reconciled when the real usage is known.
 * A limit of 0 means none; remaining and reset describe the current window (reset in ms from now).
 * {@code onFallback}: the user's daily quota is spent and the request runs on the fallback group.
 */
public record Admission(boolean admitted, String refusal, long retryAfterMs, String slot, long admittedTokens,
                        long requestLimit, long requestsRemaining, long requestsResetMs,
                        long tokenLimit, long tokensRemaining, long tokensResetMs, boolean onFallback) {

  /** Whether the key has a request or token limit a client should be told about. */
  public boolean limited() {
    return requestLimit > 0 || tokenLimit > 0;
  }

  public JsonObject toJson() {
    return new JsonObject().put("admitted", admitted).put("refusal", refusal).put("retryAfterMs", retryAfterMs)
      .put("slot", slot).put("admittedTokens", admittedTokens).put("requestLimit", requestLimit)
      .put("requestsRemaining", requestsRemaining).put("requestsResetMs", requestsResetMs)
      .put("tokenLimit", tokenLimit).put("tokensRemaining", tokensRemaining).put("tokensResetMs", tokensResetMs)
      .put("onFallback", onFallback);
  }

  public static Admission fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    return new Admission(json.getBoolean("admitted"), json.getString("refusal"), json.getLong("retryAfterMs", 0L),
      json.getString("slot"), json.getLong("admittedTokens", 0L), json.getLong("requestLimit", 0L),
      json.getLong("requestsRemaining", 0L), json.getLong("requestsResetMs", 0L), json.getLong("tokenLimit", 0L),
      json.getLong("tokensRemaining", 0L), json.getLong("tokensResetMs", 0L), json.getBoolean("onFallback", false));
  }
}

package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * An account's circuit breaker changed state in a provider adapter (published on {@link Addresses#CIRCUIT_STATE}):
 * {@code state} is {@link #OPEN}, {@link #HALF_OPEN} or {@link #CLOSED}. Schedulers skip accounts not closed.
 */
public record CircuitState(long accountId, String state, long atEpochMs) {
  public static final String OPEN = "open";
  public static final String HALF_OPEN = "half_open";
  public static final String CLOSED = "closed";

  public boolean closed() {
    return CLOSED.equals(state);
  }

  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("state", state).put("atEpochMs", atEpochMs);
  }

  public static CircuitState fromJson(JsonObject json) {
    return new CircuitState(json.getLong("accountId"), json.getString("state"), json.getLong("atEpochMs"));
  }
}

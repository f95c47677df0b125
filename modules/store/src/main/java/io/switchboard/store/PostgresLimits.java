package io.switchboard.store;

import io.vertx.core.json.JsonObject;

/**
 * How long PostgreSQL may keep a caller waiting, so that a server that accepts connections but never answers
 * costs a bounded wait and bounded memory, never a hang: the TCP connect, the wait for a pooled connection (opening
 * one included), one statement (PostgreSQL's own {@code statement_timeout}, and a connection on which the server
 * stays silent past it, with a grace, is closed, failing what it carried), and how many callers may wait for a
 * connection at once (more are refused at once).
 */
public record PostgresLimits(int connectTimeoutMs, int acquireTimeoutMs, int statementTimeoutMs, int maxWaitQueue) {
  public static final PostgresLimits DEFAULTS = new PostgresLimits(5000, 5000, 60_000, 1000);
  /** A statement that PostgreSQL should have cancelled itself by now: the server is not answering at all. */
  static final int SILENCE_GRACE_MS = 5000;

  /** Reads {@code storage.postgres}'s limits; messages name the bad key. */
  public static PostgresLimits from(JsonObject postgres) {
    PostgresLimits limits = new PostgresLimits(
      postgres.getInteger("connectTimeoutMs", DEFAULTS.connectTimeoutMs),
      postgres.getInteger("acquireTimeoutMs", DEFAULTS.acquireTimeoutMs),
      postgres.getInteger("statementTimeoutMs", DEFAULTS.statementTimeoutMs),
      postgres.getInteger("maxWaitQueue", DEFAULTS.maxWaitQueue));
    positive(limits.connectTimeoutMs, "connectTimeoutMs");
    positive(limits.acquireTimeoutMs, "acquireTimeoutMs");
    positive(limits.statementTimeoutMs, "statementTimeoutMs");
    positive(limits.maxWaitQueue, "maxWaitQueue");
    return limits;
  }

  /** Adds the limits to a {@code postgres} section and returns it. */
  public JsonObject putInto(JsonObject postgres) {
    return postgres.put("connectTimeoutMs", connectTimeoutMs).put("acquireTimeoutMs", acquireTimeoutMs)
      .put("statementTimeoutMs", statementTimeoutMs).put("maxWaitQueue", maxWaitQueue);
  }

  /**
   * How long a connection may stay silent before it is closed: past every statement's own timeout, by a grace of
   * {@value #SILENCE_GRACE_MS} ms (or the statement timeout itself, when shorter).
   */
  int silenceMs() {
    return statementTimeoutMs + Math.min(SILENCE_GRACE_MS, statementTimeoutMs);
  }

  private static void positive(int value, String key) {
    if (value < 1) {
      throw new IllegalArgumentException("storage.postgres." + key + " must be at least 1");
    }
  }
}

package io.switchboard.rules;

import io.switchboard.store.StorageSettings;
import io.vertx.core.json.JsonObject;

/** The rule engine's configuration, validated once at start; messages name the bad key. */
record RuleSettings(StorageSettings storage, long reenableIntervalMs, int alertRetries, long alertBackoffMs,
                    long alertTimeoutMs, int dryRunMaxOutcomes, OutcomeLog outcomeLog,
                    KeyAnomalySettings keyAnomalies) {

  /** {@code rules.outcomeLog}: the recent outcomes kept for dry-runs. */
  record OutcomeLog(int batchSize, long flushIntervalMs, long maxRows, long pruneIntervalMs, boolean recordSuccesses) {
    static OutcomeLog from(JsonObject log) {
      int batchSize = (int) whole(log, "batchSize", 1, 200, "rules.outcomeLog.batchSize");
      long flushIntervalMs = whole(log, "flushIntervalMs", 1, 500, "rules.outcomeLog.flushIntervalMs");
      long maxRows = whole(log, "maxRows", 1, 100_000, "rules.outcomeLog.maxRows");
      long pruneIntervalMs = whole(log, "pruneIntervalMs", 1, 60_000, "rules.outcomeLog.pruneIntervalMs");
      Object recordSuccesses = log.containsKey("recordSuccesses") ? log.getValue("recordSuccesses") : Boolean.FALSE;
      if (!(recordSuccesses instanceof Boolean record)) {
        throw new IllegalArgumentException("rules.outcomeLog.recordSuccesses must be true or false");
      }
      return new OutcomeLog(batchSize, flushIntervalMs, maxRows, pruneIntervalMs, record);
    }
  }

  static RuleSettings from(JsonObject conf) {
    return new RuleSettings(StorageSettings.from("rules", conf),
      whole(conf, "reenableIntervalMs", 0, 0, "rules.reenableIntervalMs"),
      (int) whole(conf, "alertRetries", 0, 3, "rules.alertRetries"),
      whole(conf, "alertBackoffMs", 1, 1000, "rules.alertBackoffMs"),
      whole(conf, "alertTimeoutMs", 1, 5000, "rules.alertTimeoutMs"),
      (int) whole(conf, "dryRunMaxOutcomes", 1, 10_000, "rules.dryRunMaxOutcomes"),
      OutcomeLog.from(conf.getJsonObject("outcomeLog", new JsonObject())),
      KeyAnomalySettings.from(conf.getJsonObject("keyAnomalies", new JsonObject())));
  }

  /** The value of {@code key}, or {@code fallback} when it is absent; anything but a whole number from min is named. */
  private static long whole(JsonObject section, String key, long min, long fallback, String name) {
    Object value = section.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < min) {
      throw new IllegalArgumentException(name + " must be a whole number, at least " + min);
    }
    return n.longValue();
  }
}

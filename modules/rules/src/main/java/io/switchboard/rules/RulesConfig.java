package io.switchboard.rules;

import io.vertx.core.json.JsonObject;

/** Checks the {@code rules} config section; the message names the bad key. */
final class RulesConfig {
  private RulesConfig() {
  }

  /** The first problem with the section, or null when it is fine. */
  static String problem(JsonObject conf, JsonObject log) {
    String bad = atLeast(conf, "reenableIntervalMs", 0, "rules.reenableIntervalMs");
    bad = bad != null ? bad : atLeast(conf, "alertRetries", 0, "rules.alertRetries");
    bad = bad != null ? bad : atLeast(conf, "alertBackoffMs", 1, "rules.alertBackoffMs");
    bad = bad != null ? bad : atLeast(conf, "alertTimeoutMs", 1, "rules.alertTimeoutMs");
    bad = bad != null ? bad : atLeast(conf, "dryRunMaxOutcomes", 1, "rules.dryRunMaxOutcomes");
    bad = bad != null ? bad : atLeast(log, "batchSize", 1, "rules.outcomeLog.batchSize");
    bad = bad != null ? bad : atLeast(log, "flushIntervalMs", 1, "rules.outcomeLog.flushIntervalMs");
    bad = bad != null ? bad : atLeast(log, "maxRows", 1, "rules.outcomeLog.maxRows");
    bad = bad != null ? bad : atLeast(log, "pruneIntervalMs", 1, "rules.outcomeLog.pruneIntervalMs");
    if (bad == null && log.containsKey("recordSuccesses") && !(log.getValue("recordSuccesses") instanceof Boolean)) {
      bad = "rules.outcomeLog.recordSuccesses must be true or false";
    }
    return bad;
  }

  private static String atLeast(JsonObject section, String key, long min, String name) {
    Object value = section.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < min) {
      return name + " must be a whole number, at least " + min;
    }
    return null;
  }
}

package io.switchboard.usage;

import io.switchboard.store.QuotaDay;
import io.switchboard.store.StorageSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The usage recorder's configuration, validated once at start; messages name the bad key. */
record UsageSettings(StorageSettings storage, int batchSize, long flushIntervalMs, int maxPendingRows,
                     String spoolDir, long replayIntervalMs, int partitionDaysAhead, QuotaDay quotaDay,
                     List<String> redactFields) {

  static UsageSettings from(JsonObject conf) {
    StorageSettings storage = StorageSettings.from("usage", conf);
    String spoolDir = conf.getString("spoolDir", "");
    if (spoolDir.isBlank()) {
      spoolDir = conf.getString("dataDir", "data") + "/usage-spool";
    }
    UsageSettings s = new UsageSettings(storage, conf.getInteger("batchSize", 1000),
      conf.getLong("flushIntervalMs", 200L), conf.getInteger("maxPendingRows", 100_000), spoolDir,
      conf.getLong("replayIntervalMs", 1000L), conf.getInteger("partitionDaysAhead", 3),
      QuotaDay.of(conf.getString("quotaTimeZone", "UTC"), "usage.quotaTimeZone"),
      redactFields(conf.getJsonObject("bodies", new JsonObject())));
    if (s.batchSize < 1) {
      throw new IllegalArgumentException("usage.batchSize must be at least 1");
    }
    if (s.flushIntervalMs < 1) {
      throw new IllegalArgumentException("usage.flushIntervalMs must be at least 1");
    }
    if (s.maxPendingRows < s.batchSize) {
      throw new IllegalArgumentException("usage.maxPendingRows must be at least usage.batchSize");
    }
    if (s.replayIntervalMs < 1) {
      throw new IllegalArgumentException("usage.replayIntervalMs must be at least 1");
    }
    if (s.partitionDaysAhead < 1) {
      throw new IllegalArgumentException("usage.partitionDaysAhead must be at least 1");
    }
    return s;
  }

  private static List<String> redactFields(JsonObject bodies) {
    Object fields = bodies.getValue("redactFields", new JsonArray());
    if (!(fields instanceof JsonArray list)
      || list.stream().anyMatch(f -> !(f instanceof String name) || name.isBlank())) {
      throw new IllegalArgumentException("bodies.redactFields must be a list of field names");
    }
    return list.stream().map(String.class::cast).toList();
  }
}

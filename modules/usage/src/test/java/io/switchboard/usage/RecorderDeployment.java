package io.switchboard.usage;

import io.switchboard.api.MessageCodecs;
import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.switchboard.testkit.TempDirs;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Deploys the recorder the way the app does, on test storage unless told otherwise, and builds records. */
final class RecorderDeployment {
  private RecorderDeployment() {
  }

  static JsonObject config(String postgresUrl, int batchSize, long flushIntervalMs) {
    return new JsonObject().put("batchSize", batchSize).put("flushIntervalMs", flushIntervalMs)
      .put("postgres", new JsonObject().put("url", postgresUrl))
      .put("redis", new JsonObject().put("url", TestStorage.redisUrl()))
      .put("spoolDir", TempDirs.create("sb-usage-spool").toString());
  }

  static String deploy(Vertx vertx, JsonObject config) {
    MessageCodecs.register(vertx);
    return vertx.deployVerticle(new UsageRecorderVerticle(), new DeploymentOptions().setConfig(config)).await();
  }

  static UsageRecord record(String id, long keyId, long userId, String group, String model, Usage usage,
                            long startedAtMs, boolean estimated) {
    return new UsageRecord(id, keyId, 1L, model, model, usage, 200, 12, 5, true, "ok", userId, group, false,
      startedAtMs, estimated);
  }
}

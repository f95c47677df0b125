package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/** How a job run ended: its run-log id, whether it succeeded, and what it did (or why it failed). */
public record CronRunResult(String job, long runId, boolean ok, String detail) {
  public JsonObject toJson() {
    return new JsonObject().put("job", job).put("runId", runId).put("ok", ok).put("detail", detail);
  }

  public static CronRunResult fromJson(JsonObject json) {
    return new CronRunResult(json.getString("job"), json.getLong("runId"), json.getBoolean("ok"),
      json.getString("detail"));
  }
}

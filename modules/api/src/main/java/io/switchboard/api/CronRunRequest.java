package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/** Asks the cron role to run one job now, by hand (the admin API's trigger). */
public record CronRunRequest(String job, String actor) {
  public JsonObject toJson() {
    return new JsonObject().put("job", job).put("actor", actor);
  }

  public static CronRunRequest fromJson(JsonObject json) {
    return new CronRunRequest(json.getString("job"), json.getString("actor"));
  }
}

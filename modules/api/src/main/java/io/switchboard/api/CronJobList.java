package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The jobs a cron role knows, in the time zone it reads their schedules in (the admin API's job list). */
public record CronJobList(String timeZone, List<Job> jobs) {

  /** One job: its cron expression ({@code null} when it has none configured) and whether it runs on schedule. */
  public record Job(String name, String schedule, boolean enabled) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("schedule", schedule).put("enabled", enabled);
    }

    static Job fromJson(JsonObject json) {
      return new Job(json.getString("name"), json.getString("schedule"), json.getBoolean("enabled"));
    }
  }

  public CronJobList {
    jobs = List.copyOf(jobs);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    jobs.forEach(j -> list.add(j.toJson()));
    return new JsonObject().put("timeZone", timeZone).put("jobs", list);
  }

  public static CronJobList fromJson(JsonObject json) {
    List<Job> jobs = new ArrayList<>();
    json.getJsonArray("jobs").forEach(j -> jobs.add(Job.fromJson((JsonObject) j)));
    return new CronJobList(json.getString("timeZone"), jobs);
  }
}

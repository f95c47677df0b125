package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * The daily quota reset: asked with the local day that ended (null: the day before today in the quota time zone),
 * answered with that day and how many users came off their fallback group.
 */
public record QuotaReset(String day, int usersReset) {
  public JsonObject toJson() {
    return new JsonObject().put("day", day).put("usersReset", usersReset);
  }

  public static QuotaReset fromJson(JsonObject json) {
    return new QuotaReset(json.getString("day"), json.getInteger("usersReset", 0));
  }
}

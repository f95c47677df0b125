package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/** Asks a provider adapter to send one minimal request through one account (an admin test or a health probe). */
public record ProbeRequest(long accountId, String model) {
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("model", model);
  }

  public static ProbeRequest fromJson(JsonObject json) {
    return new ProbeRequest(json.getLong("accountId"), json.getString("model"));
  }
}

package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/** Asks the scheduler which accounts may serve a model, in the order to try them. */
public record RoutePlanRequest(String requestId, String model) {
  public JsonObject toJson() {
    return new JsonObject().put("requestId", requestId).put("model", model);
  }

  public static RoutePlanRequest fromJson(JsonObject json) {
    return new RoutePlanRequest(json.getString("requestId"), json.getString("model"));
  }
}

package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/** Asks the scheduler for the models active accounts serve; {@code providerKind} narrows it (null: all). */
public record ModelListRequest(String providerKind) {
  public JsonObject toJson() {
    return new JsonObject().put("providerKind", providerKind);
  }

  public static ModelListRequest fromJson(JsonObject json) {
    return new ModelListRequest(json.getString("providerKind"));
  }
}

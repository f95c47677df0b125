package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/** Asks the scheduler for the models active accounts serve; {@code providerKind} narrows it (null: all). */
public record ModelListRequest(ProviderKind providerKind) {
  public JsonObject toJson() {
    return new JsonObject().put("providerKind", providerKind == null ? null : providerKind.wireName());
  }

  public static ModelListRequest fromJson(JsonObject json) {
    return new ModelListRequest(ProviderKind.fromWire(json.getString("providerKind")));
  }
}

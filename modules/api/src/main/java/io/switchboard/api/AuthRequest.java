package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/** The key a client presented; answered with a {@link Principal} or a failure carrying 401/403. */
public record AuthRequest(String apiKey) {
  public JsonObject toJson() {
    return new JsonObject().put("apiKey", apiKey);
  }

  public static AuthRequest fromJson(JsonObject json) {
    return new AuthRequest(json.getString("apiKey"));
  }

  @Override
  public String toString() {
    return "AuthRequest[apiKey=<redacted>]";
  }
}

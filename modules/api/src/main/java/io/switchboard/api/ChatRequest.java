package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * A client's chat request after decoding: what routing and accounting need, plus the client's own body,
 * which a same-dialect upstream receives untouched apart from the model name and the usage option.
 */
public record ChatRequest(Dialect dialect, String model, boolean stream, boolean clientWantsUsage, JsonObject body) {

  public JsonObject toJson() {
    return new JsonObject().put("dialect", dialect.name()).put("model", model).put("stream", stream)
      .put("clientWantsUsage", clientWantsUsage).put("body", body);
  }

  public static ChatRequest fromJson(JsonObject json) {
    return new ChatRequest(Dialect.valueOf(json.getString("dialect")), json.getString("model"),
      json.getBoolean("stream"), json.getBoolean("clientWantsUsage"), json.getJsonObject("body"));
  }
}

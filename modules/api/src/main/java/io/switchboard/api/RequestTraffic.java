package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * What a usage row keeps of a request besides its tokens: the route it came in on ({@code endpoint}, e.g.
 * {@code POST /proxy/openai/images/generations}), the client's address ({@code clientIp}, null when unknown), the
 * bytes of its body and of its answer as the client sent and received them, and the priced units other than tokens it
 * used ({@code units}: images, seconds of audio, characters spoken).
 */
public record RequestTraffic(String endpoint, String clientIp, long requestBytes, long responseBytes, long units) {
  public static final RequestTraffic NONE = new RequestTraffic(null, null, 0, 0, 0);

  public JsonObject toJson() {
    return new JsonObject().put("endpoint", endpoint).put("clientIp", clientIp).put("requestBytes", requestBytes)
      .put("responseBytes", responseBytes).put("units", units);
  }

  public static RequestTraffic fromJson(JsonObject json) {
    if (json == null) {
      return NONE;
    }
    return new RequestTraffic(json.getString("endpoint"), json.getString("clientIp"), json.getLong("requestBytes", 0L),
      json.getLong("responseBytes", 0L), json.getLong("units", 0L));
  }
}

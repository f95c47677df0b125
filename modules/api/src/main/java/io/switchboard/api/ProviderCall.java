package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * One attempt at one upstream account. For a stream, the provider may send up to {@code creditBytes} of
 * {@link StreamFrame} data before the ingress grants more.
 */
public record ProviderCall(String requestId, Candidate candidate, ChatRequest request, long creditBytes) {
  public JsonObject toJson() {
    return new JsonObject().put("requestId", requestId).put("candidate", candidate.toJson())
      .put("request", request.toJson()).put("creditBytes", creditBytes);
  }

  public static ProviderCall fromJson(JsonObject json) {
    return new ProviderCall(json.getString("requestId"), Candidate.fromJson(json.getJsonObject("candidate")),
      ChatRequest.fromJson(json.getJsonObject("request")), json.getLong("creditBytes"));
  }
}

package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A finished Responses API answer kept for its client key: its request's own {@code input} items, the
 * {@code response} object as the client got it, the account that answered and whether that account's upstream keeps
 * the response itself ({@code upstreamState}: OpenAI with store on), and the response it continued.
 */
public record StoredResponse(long keyId, String id, long accountId, boolean upstreamState, String previousResponseId,
                             String model, JsonArray input, JsonObject response, long createdAtMillis) {
  public JsonObject toJson() {
    return new JsonObject().put("keyId", keyId).put("id", id).put("accountId", accountId)
      .put("upstreamState", upstreamState).put("previousResponseId", previousResponseId).put("model", model)
      .put("input", input).put("response", response).put("createdAtMillis", createdAtMillis);
  }

  public static StoredResponse fromJson(JsonObject json) {
    return new StoredResponse(json.getLong("keyId"), json.getString("id"), json.getLong("accountId"),
      json.getBoolean("upstreamState"), json.getString("previousResponseId"), json.getString("model"),
      json.getJsonArray("input"), json.getJsonObject("response"), json.getLong("createdAtMillis"));
  }
}

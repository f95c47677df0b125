package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a request that continues a stored response ({@code previous_response_id}) needs: the account that made that
 * response and whether its upstream keeps it ({@code upstreamState}: there the id alone continues it), and every
 * item of the conversation so far, oldest first (each turn's input, then its output), to send anywhere else.
 */
public record StoredConversation(long accountId, boolean upstreamState, JsonArray items) {
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("upstreamState", upstreamState).put("items", items);
  }

  public static StoredConversation fromJson(JsonObject json) {
    return new StoredConversation(json.getLong("accountId"), json.getBoolean("upstreamState"),
      json.getJsonArray("items"));
  }
}

package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/** Names one stored response of one client key: what {@code sb.responses.get|delete|conversation} act on. */
public record StoredResponseRequest(long keyId, String id) {
  public JsonObject toJson() {
    return new JsonObject().put("keyId", keyId).put("id", id);
  }

  public static StoredResponseRequest fromJson(JsonObject json) {
    return new StoredResponseRequest(json.getLong("keyId"), json.getString("id"));
  }
}

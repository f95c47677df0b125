package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * The key a client presented and the address it connected from (null when unknown), checked against the key's IP
 * allow-list; answered with a {@link Principal} or a failure carrying 401/403.
 */
public record AuthRequest(String apiKey, String clientAddress) {

  /** A key check without a client address (a key with an IP allow-list is then refused). */
  public AuthRequest(String apiKey) {
    this(apiKey, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("apiKey", apiKey).put("clientAddress", clientAddress);
  }

  public static AuthRequest fromJson(JsonObject json) {
    return new AuthRequest(json.getString("apiKey"), json.getString("clientAddress"));
  }

  @Override
  public String toString() {
    return "AuthRequest[apiKey=<redacted>, clientAddress=" + clientAddress + "]";
  }
}

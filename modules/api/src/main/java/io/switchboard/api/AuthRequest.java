package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * The key a client presented and the address it connected from (null when unknown, checked against the key's IP
 * allow-list); answered with a {@link Principal} or a failure carrying 401/403/402/429. {@code admit}: this call
 * starts a request to be admitted against the key's limits and quotas, counting {@code estimatedTokens} against its
 * token limit; false only identifies the key (model lists).
 */
public record AuthRequest(String apiKey, boolean admit, long estimatedTokens, String clientAddress) {

  /** Identifies the key only. */
  public AuthRequest(String apiKey) {
    this(apiKey, false, 0, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("apiKey", apiKey).put("admit", admit).put("estimatedTokens", estimatedTokens)
      .put("clientAddress", clientAddress);
  }

  public static AuthRequest fromJson(JsonObject json) {
    return new AuthRequest(json.getString("apiKey"), json.getBoolean("admit", false),
      json.getLong("estimatedTokens", 0L), json.getString("clientAddress"));
  }

  @Override
  public String toString() {
    return "AuthRequest[apiKey=<redacted>, admit=" + admit + ", estimatedTokens=" + estimatedTokens + ", clientAddress="
      + clientAddress + "]";
  }
}

package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * Who presented a key, answered with a {@link Principal} or a failure carrying 401/403/402/429: the SHA-256 (hex) of
 * the key, as keys are stored ({@link ApiKeys}; the key itself never leaves the ingress, so it never crosses a
 * clustered bus), and the address the client connected from (null when unknown, checked against the key's IP
 * allow-list). {@code admit}: this call starts a request to be admitted against the key's limits and quotas, counting
 * {@code estimatedTokens} against its token limit; false only identifies the key (model lists).
 */
public record AuthRequest(String keyHash, boolean admit, long estimatedTokens, String clientAddress) {

  /** Identifies the key only. */
  public static AuthRequest identifying(String apiKey) {
    return new AuthRequest(ApiKeys.sha256Hex(apiKey), false, 0, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("keyHash", keyHash).put("admit", admit).put("estimatedTokens", estimatedTokens)
      .put("clientAddress", clientAddress);
  }

  /** Also reads a node of an earlier version, which sent the key itself ({@code apiKey}) during a rolling upgrade. */
  public static AuthRequest fromJson(JsonObject json) {
    String keyHash = json.getString("keyHash");
    if (keyHash == null && json.getString("apiKey") != null) {
      keyHash = ApiKeys.sha256Hex(json.getString("apiKey"));
    }
    return new AuthRequest(keyHash, json.getBoolean("admit", false), json.getLong("estimatedTokens", 0L),
      json.getString("clientAddress"));
  }

  @Override
  public String toString() {
    return "AuthRequest[keyHash=<omitted>, admit=" + admit + ", estimatedTokens=" + estimatedTokens
      + ", clientAddress=" + clientAddress + "]";
  }
}

package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * Sent once a request is finished: frees its concurrency slot (if any) and corrects the token window by what the
 * request really used ({@code usedTokens}) against what was admitted on an estimate ({@code admittedTokens}).
 */
public record AdmissionRelease(long keyId, String slot, long admittedTokens, long usedTokens) {
  public JsonObject toJson() {
    return new JsonObject().put("keyId", keyId).put("slot", slot).put("admittedTokens", admittedTokens)
      .put("usedTokens", usedTokens);
  }

  public static AdmissionRelease fromJson(JsonObject json) {
    return new AdmissionRelease(json.getLong("keyId"), json.getString("slot"), json.getLong("admittedTokens", 0L),
      json.getLong("usedTokens", 0L));
  }
}

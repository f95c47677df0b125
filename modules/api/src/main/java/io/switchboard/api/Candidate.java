package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/** One upstream account that can serve a request, and the model name to ask it for. */
public record Candidate(long accountId, String accountName, ProviderKind providerKind, String upstreamModel) {
  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("accountName", accountName)
      .put("providerKind", providerKind.wireName()).put("upstreamModel", upstreamModel);
  }

  public static Candidate fromJson(JsonObject json) {
    return new Candidate(json.getLong("accountId"), json.getString("accountName"),
      ProviderKind.fromWire(json.getString("providerKind")), json.getString("upstreamModel"));
  }
}

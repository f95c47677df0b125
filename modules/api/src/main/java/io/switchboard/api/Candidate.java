package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * One upstream account that can serve a request, and the model name to ask it for. {@code provider} is the account
 * row's provider name, which names the adapter's address: a built-in kind's wire name, or for
 * {@link ProviderKind#EXTERNAL} the name an adapter from a jar serves.
 */
public record Candidate(long accountId, String accountName, ProviderKind providerKind, String upstreamModel,
                        String provider) {
  /** A candidate of a built-in kind. */
  public Candidate(long accountId, String accountName, ProviderKind providerKind, String upstreamModel) {
    this(accountId, accountName, providerKind, upstreamModel, providerKind.wireName());
  }

  /** A candidate for an account whose row names {@code provider}, built-in or not. */
  public static Candidate of(long accountId, String accountName, String provider, String upstreamModel) {
    return new Candidate(accountId, accountName, ProviderKind.ofProvider(provider), upstreamModel, provider);
  }

  public JsonObject toJson() {
    return new JsonObject().put("accountId", accountId).put("accountName", accountName)
      .put("providerKind", providerKind.wireName()).put("upstreamModel", upstreamModel).put("provider", provider);
  }

  public static Candidate fromJson(JsonObject json) {
    return new Candidate(json.getLong("accountId"), json.getString("accountName"),
      ProviderKind.fromWire(json.getString("providerKind")), json.getString("upstreamModel"),
      json.getString("provider"));
  }
}

package io.switchboard.api;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Asks the scheduler which accounts may serve a model for a user group, in the order to try them;
 * {@code providerKinds} narrows them to the kinds that can do the operation and the key may reach (empty: any kind).
 * {@code session} names the conversation for sticky routing (null, or no value: not sticky), worked out when the
 * scheduler first asks for it.
 */
public record RoutePlanRequest(String requestId, String model, List<ProviderKind> providerKinds, String group,
                               SessionKey session) {

  public RoutePlanRequest {
    providerKinds = providerKinds == null ? List.of() : List.copyOf(providerKinds);
    group = group == null ? Principal.DEFAULT_GROUP : group;
  }

  public RoutePlanRequest(String requestId, String model, List<ProviderKind> providerKinds, String group) {
    this(requestId, model, providerKinds, group, (SessionKey) null);
  }

  public RoutePlanRequest(String requestId, String model, List<ProviderKind> providerKinds, String group,
                          String sessionKey) {
    this(requestId, model, providerKinds, group, SessionKey.of(sessionKey));
  }

  /** The session key, worked out now if it was not yet; null for none. */
  public String sessionKey() {
    return session == null ? null : session.value();
  }

  public RoutePlanRequest(String requestId, String model) {
    this(requestId, model, List.of(), Principal.DEFAULT_GROUP, (SessionKey) null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("requestId", requestId).put("model", model)
      .put("providerKinds", ProviderKind.toJson(providerKinds)).put("group", group)
      .put("sessionKey", sessionKey());
  }

  public static RoutePlanRequest fromJson(JsonObject json) {
    return new RoutePlanRequest(json.getString("requestId"), json.getString("model"),
      ProviderKind.fromJson(json.getJsonArray("providerKinds")), json.getString("group"),
      SessionKey.of(json.getString("sessionKey")));
  }
}

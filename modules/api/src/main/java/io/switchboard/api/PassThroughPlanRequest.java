package io.switchboard.api;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Asks the scheduler which accounts may serve a pass-through request, in the order to try them: the accounts of the
 * provider kind {@code target} names, or else those serving the group it names (null: any account), that serve the request's user
 * {@code group} and are of a kind in {@code providerKinds} (empty: any). When {@code model} is given (null: the
 * request names none) and some of them list it, only those; otherwise all of them (a pass-through endpoint's models
 * need not be listed). {@code sessionKey} keeps a conversation (or a file's uploads and reads) on one account.
 * Answered with a {@link RoutePlan}.
 */
public record PassThroughPlanRequest(String requestId, String target, String model, List<ProviderKind> providerKinds,
                                     String group, String sessionKey) {

  public PassThroughPlanRequest {
    providerKinds = providerKinds == null ? List.of() : List.copyOf(providerKinds);
    group = group == null ? Principal.DEFAULT_GROUP : group;
  }

  public JsonObject toJson() {
    return new JsonObject().put("requestId", requestId).put("target", target).put("model", model)
      .put("providerKinds", ProviderKind.toJson(providerKinds)).put("group", group).put("sessionKey", sessionKey);
  }

  public static PassThroughPlanRequest fromJson(JsonObject json) {
    return new PassThroughPlanRequest(json.getString("requestId"), json.getString("target"), json.getString("model"),
      ProviderKind.fromJson(json.getJsonArray("providerKinds")), json.getString("group"),
      json.getString("sessionKey"));
  }
}

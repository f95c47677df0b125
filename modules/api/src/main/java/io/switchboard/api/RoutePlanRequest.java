package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Asks the scheduler which accounts may serve a model, in the order to try them; {@code providerKinds} narrows
 * them to the kinds that can do the operation (empty: any kind).
 */
public record RoutePlanRequest(String requestId, String model, List<String> providerKinds) {

  public RoutePlanRequest {
    providerKinds = providerKinds == null ? List.of() : List.copyOf(providerKinds);
  }

  public RoutePlanRequest(String requestId, String model) {
    this(requestId, model, List.of());
  }

  public JsonObject toJson() {
    return new JsonObject().put("requestId", requestId).put("model", model)
      .put("providerKinds", new JsonArray(providerKinds));
  }

  @SuppressWarnings("unchecked")
  public static RoutePlanRequest fromJson(JsonObject json) {
    return new RoutePlanRequest(json.getString("requestId"), json.getString("model"),
      json.getJsonArray("providerKinds", new JsonArray()).getList());
  }
}

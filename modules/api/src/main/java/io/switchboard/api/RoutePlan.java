package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The accounts to try for one request, best first; empty when no active account serves the model. */
public record RoutePlan(List<Candidate> candidates) {
  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    candidates.forEach(c -> array.add(c.toJson()));
    return new JsonObject().put("candidates", array);
  }

  public static RoutePlan fromJson(JsonObject json) {
    return new RoutePlan(json.getJsonArray("candidates").stream()
      .map(o -> Candidate.fromJson((JsonObject) o)).toList());
  }
}

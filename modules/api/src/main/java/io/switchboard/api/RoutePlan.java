package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The accounts to try for one request, best first. When it is empty but accounts serve the model, {@code unavailable}
 * says why none may be tried now ({@link #ALL_RATE_LIMITED} or {@link #ALL_UNAVAILABLE}) and {@code retryAfterMs}
 * when the first of them comes back (-1: unknown); both are null / -1 otherwise.
 */
public record RoutePlan(List<Candidate> candidates, String unavailable, long retryAfterMs) {
  public static final String ALL_RATE_LIMITED = "rate_limited";
  public static final String ALL_UNAVAILABLE = "unavailable";

  public RoutePlan(List<Candidate> candidates) {
    this(candidates, null, -1);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    candidates.forEach(c -> array.add(c.toJson()));
    return new JsonObject().put("candidates", array).put("unavailable", unavailable).put("retryAfterMs", retryAfterMs);
  }

  public static RoutePlan fromJson(JsonObject json) {
    return new RoutePlan(json.getJsonArray("candidates").stream()
      .map(o -> Candidate.fromJson((JsonObject) o)).toList(), json.getString("unavailable"),
      json.getLong("retryAfterMs", -1L));
  }
}

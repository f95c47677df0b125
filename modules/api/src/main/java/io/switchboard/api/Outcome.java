package io.switchboard.api;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * What one upstream attempt came to, published on {@link Addresses#OUTCOME} by the provider for every attempt
 * (success or failure): the scheduler learns account health from it and the rule engine matches rules against it.
 * {@code status} is the upstream HTTP status (0 when no response arrived); {@code errorClass} is null on success
 * (see {@link ErrorClass}); {@code headers} are the upstream's response headers (lower-case names,
 * credentials never included); {@code body} is the start of an error body, scrubbed of secrets (null on success).
 */
public record Outcome(String requestId, long accountId, ProviderKind providerKind, String model, int status,
                      ErrorClass errorClass, long latencyMs, long ttfbMs, Map<String, String> headers, String body,
                      long atEpochMs) {

  public Outcome {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public boolean ok() {
    return errorClass == null;
  }

  public JsonObject toJson() {
    return new JsonObject().put("requestId", requestId).put("accountId", accountId)
      .put("providerKind", providerKind.wireName()).put("model", model).put("status", status)
      .put("errorClass", ErrorClass.wireName(errorClass)).put("latencyMs", latencyMs).put("ttfbMs", ttfbMs)
      .put("headers", new JsonObject(new HashMap<>(headers))).put("body", body).put("atEpochMs", atEpochMs);
  }

  public static Outcome fromJson(JsonObject json) {
    Map<String, String> headers = new HashMap<>();
    json.getJsonObject("headers", new JsonObject()).forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    return new Outcome(json.getString("requestId"), json.getLong("accountId"),
      ProviderKind.fromWire(json.getString("providerKind")), json.getString("model"), json.getInteger("status"),
      ErrorClass.fromWire(json.getString("errorClass")), json.getLong("latencyMs"), json.getLong("ttfbMs"), headers,
      json.getString("body"), json.getLong("atEpochMs"));
  }
}

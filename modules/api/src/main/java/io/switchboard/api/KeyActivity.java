package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests of one written batch of usage rows, as anomaly detection on client keys reads them: who (key, user),
 * what (model), from where (client address) and when. Sent on {@link Addresses#KEY_ACTIVITY}.
 */
public record KeyActivity(List<Use> uses) {

  /** One request: {@code model} and {@code clientIp} may be null (none named, address unknown). */
  public record Use(long keyId, long userId, String model, String clientIp, long atMs, String requestId) {
    JsonObject toJson() {
      return new JsonObject().put("keyId", keyId).put("userId", userId).put("model", model)
        .put("clientIp", clientIp).put("atMs", atMs).put("requestId", requestId);
    }

    static Use fromJson(JsonObject json) {
      return new Use(json.getLong("keyId"), json.getLong("userId", 0L), json.getString("model"),
        json.getString("clientIp"), json.getLong("atMs"), json.getString("requestId"));
    }
  }

  public KeyActivity {
    uses = List.copyOf(uses);
  }

  /** The uses of these usage records. */
  public static KeyActivity of(List<UsageRecord> records) {
    List<Use> uses = new ArrayList<>(records.size());
    for (UsageRecord r : records) {
      uses.add(new Use(r.keyId(), r.userId(), r.model() == null || r.model().isEmpty() ? null : r.model(),
        r.traffic().clientIp(), r.startedAtMs(), r.requestId()));
    }
    return new KeyActivity(uses);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    uses.forEach(u -> array.add(u.toJson()));
    return new JsonObject().put("uses", array);
  }

  public static KeyActivity fromJson(JsonObject json) {
    List<Use> uses = new ArrayList<>();
    json.getJsonArray("uses").forEach(u -> uses.add(Use.fromJson((JsonObject) u)));
    return new KeyActivity(uses);
  }
}

package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Who is calling: an enabled client key and the models it may use (globs such as {@code gpt-4o*} or {@code *}). */
public record Principal(long keyId, String keyName, List<String> allowedModels) {

  public boolean allows(String model) {
    for (String pattern : allowedModels) {
      if (ModelGlob.matches(pattern, model)) {
        return true;
      }
    }
    return false;
  }

  public JsonObject toJson() {
    return new JsonObject().put("keyId", keyId).put("keyName", keyName).put("allowedModels", new JsonArray(allowedModels));
  }

  @SuppressWarnings("unchecked")
  public static Principal fromJson(JsonObject json) {
    return new Principal(json.getLong("keyId"), json.getString("keyName"),
      List.copyOf(json.getJsonArray("allowedModels").getList()));
  }
}

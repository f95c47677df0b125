package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Model names that at least one active account serves, sorted. */
public record ModelList(List<String> models) {
  public JsonObject toJson() {
    return new JsonObject().put("models", new JsonArray(models));
  }

  @SuppressWarnings("unchecked")
  public static ModelList fromJson(JsonObject json) {
    return new ModelList(List.copyOf(json.getJsonArray("models").getList()));
  }
}

package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/** Published when configuration rows change: caches drop the named entity (or everything of that type when id is null). */
public record ConfigChanged(String entity, Long id) {
  public static final String ACCOUNT = "account";
  public static final String API_KEY = "api_key";
  public static final String USER = "user";
  public static final String GROUP = "group";
  public static final String PRICE = "price";
  public static final String RULE = "rule";

  public JsonObject toJson() {
    return new JsonObject().put("entity", entity).put("id", id);
  }

  public static ConfigChanged fromJson(JsonObject json) {
    return new ConfigChanged(json.getString("entity"), json.getLong("id"));
  }
}

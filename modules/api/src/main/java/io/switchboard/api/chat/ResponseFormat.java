package io.switchboard.api.chat;

import io.vertx.core.json.JsonObject;

/** Structured output: {@code JSON_OBJECT} (any JSON) or {@code JSON_SCHEMA} with {@code schema} and its name. */
public record ResponseFormat(Kind kind, String name, JsonObject schema, Boolean strict) {
  public enum Kind { TEXT, JSON_OBJECT, JSON_SCHEMA }
}

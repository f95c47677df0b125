package io.switchboard.dialects.anthropic;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.dialects.JsonFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Typed reads of an Anthropic body. A field of the wrong type fails with a message naming its path the way
 * Anthropic does ({@code messages.0.content: Input should be a valid list}); an absent or null field reads as null.
 */
final class AnthropicFields {
  private AnthropicFields() {
  }

  static GatewayException bad(String path, String problem) {
    return new GatewayException(ErrorKind.BAD_REQUEST, path + ": " + problem);
  }

  private static final JsonFields FIELDS = new JsonFields((path, expected) -> bad(path, "Input should be a valid "
    + switch (expected) {
      case STRING -> "string";
      case BOOLEAN -> "boolean";
      case NUMBER -> "number";
      case INTEGER -> "integer";
      case OBJECT -> "dictionary";
      case ARRAY -> "list";
    }));

  static String string(JsonObject json, String key, String path) {
    return FIELDS.string(json, key, path);
  }

  static String requiredString(JsonObject json, String key, String path) {
    String value = string(json, key, path);
    if (value == null) {
      throw bad(path, "Field required");
    }
    return value;
  }

  static Integer integer(JsonObject json, String key, String path) {
    Long value = FIELDS.integer(json, key, path, false);
    if (value == null) {
      return null;
    }
    if (Math.abs(value) > Integer.MAX_VALUE) {
      throw bad(path, "Input should be a valid integer");
    }
    return value.intValue();
  }

  static Double number(JsonObject json, String key, String path) {
    return FIELDS.number(json, key, path);
  }

  static Boolean bool(JsonObject json, String key, String path) {
    return FIELDS.bool(json, key, path);
  }

  static JsonObject object(JsonObject json, String key, String path) {
    return FIELDS.object(json, key, path);
  }

  static JsonArray array(JsonObject json, String key, String path) {
    return FIELDS.array(json, key, path);
  }

  /** Element {@code index} of {@code array}, which must be an object. */
  static JsonObject element(JsonArray array, int index, String path) {
    return FIELDS.element(array, index, path + "." + index);
  }
}

package io.switchboard.dialects.anthropic;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
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

  static String string(JsonObject json, String key, String path) {
    Object value = json.getValue(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw bad(path, "Input should be a valid string");
  }

  static String requiredString(JsonObject json, String key, String path) {
    String value = string(json, key, path);
    if (value == null) {
      throw bad(path, "Field required");
    }
    return value;
  }

  static Integer integer(JsonObject json, String key, String path) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Number number && !(value instanceof Boolean) && number.doubleValue() == Math.rint(
      number.doubleValue()) && Math.abs(number.doubleValue()) <= Integer.MAX_VALUE) {
      return number.intValue();
    }
    throw bad(path, "Input should be a valid integer");
  }

  static Double number(JsonObject json, String key, String path) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    throw bad(path, "Input should be a valid number");
  }

  static Boolean bool(JsonObject json, String key, String path) {
    Object value = json.getValue(key);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw bad(path, "Input should be a valid boolean");
  }

  static JsonObject object(JsonObject json, String key, String path) {
    Object value = json.getValue(key);
    if (value == null || value instanceof JsonObject) {
      return (JsonObject) value;
    }
    throw bad(path, "Input should be a valid dictionary");
  }

  static JsonArray array(JsonObject json, String key, String path) {
    Object value = json.getValue(key);
    if (value == null || value instanceof JsonArray) {
      return (JsonArray) value;
    }
    throw bad(path, "Input should be a valid list");
  }

  /** Element {@code index} of {@code array}, which must be an object. */
  static JsonObject element(JsonArray array, int index, String path) {
    if (array.getValue(index) instanceof JsonObject object) {
      return object;
    }
    throw bad(path + "." + index, "Input should be a valid dictionary");
  }
}

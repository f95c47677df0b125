package io.switchboard.dialects.gemini;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Typed reads of a Gemini client's JSON. Google's REST API takes every field in lowerCamelCase or in snake_case
 * (its own curl samples use {@code system_instruction}, {@code inline_data}, {@code mime_type}), so both spellings
 * are read. A value of the wrong type is a bad request naming the field's path.
 */
final class GeminiFields {
  private GeminiFields() {
  }

  static GatewayException bad(String path, String problem) {
    return new GatewayException(ErrorKind.BAD_REQUEST, "Invalid value at '" + path + "': " + problem);
  }

  /** The field under its camelCase name or, failing that, its snake_case name; null when absent or JSON null. */
  static Object get(JsonObject json, String camel) {
    Object value = json.getValue(camel);
    return value != null ? value : json.getValue(snake(camel));
  }

  static JsonObject object(JsonObject json, String camel, String path) {
    Object value = get(json, camel);
    if (value == null || value instanceof JsonObject) {
      return (JsonObject) value;
    }
    throw bad(path, "expected an object");
  }

  static JsonArray array(JsonObject json, String camel, String path) {
    Object value = get(json, camel);
    if (value == null || value instanceof JsonArray) {
      return (JsonArray) value;
    }
    throw bad(path, "expected a list");
  }

  static String string(JsonObject json, String camel, String path) {
    Object value = get(json, camel);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw bad(path, "expected a string");
  }

  static Boolean bool(JsonObject json, String camel, String path) {
    Object value = get(json, camel);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw bad(path, "expected true or false");
  }

  static Double number(JsonObject json, String camel, String path) {
    Object value = get(json, camel);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw bad(path, "expected a number");
  }

  /** An integer; a numeric string is accepted too, as proto3 JSON allows for integer fields. */
  static Long integer(JsonObject json, String camel, String path) {
    Object value = get(json, camel);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException notANumber) {
        // fall through to the error below
      }
    }
    throw bad(path, "expected an integer");
  }

  static Integer int32(JsonObject json, String camel, String path) {
    Long value = integer(json, camel, path);
    if (value == null) {
      return null;
    }
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw bad(path, "out of range");
    }
    return value.intValue();
  }

  /** The element at {@code index} of a list that must hold objects. */
  static JsonObject element(JsonArray list, int index, String path) {
    Object value = list.getValue(index);
    if (value instanceof JsonObject object) {
      return object;
    }
    throw bad(path, "expected an object");
  }

  static String snake(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

package io.switchboard.dialects.gemini;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.dialects.JsonFields;
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

  private static final JsonFields FIELDS = new JsonFields((path, expected) -> bad(path, switch (expected) {
    case STRING -> "expected a string";
    case BOOLEAN -> "expected true or false";
    case NUMBER -> "expected a number";
    case INTEGER -> "expected an integer";
    case OBJECT -> "expected an object";
    case ARRAY -> "expected a list";
  }), GeminiFields::get);

  static JsonObject object(JsonObject json, String camel, String path) {
    return FIELDS.object(json, camel, path);
  }

  static JsonArray array(JsonObject json, String camel, String path) {
    return FIELDS.array(json, camel, path);
  }

  static String string(JsonObject json, String camel, String path) {
    return FIELDS.string(json, camel, path);
  }

  static Boolean bool(JsonObject json, String camel, String path) {
    return FIELDS.bool(json, camel, path);
  }

  static Double number(JsonObject json, String camel, String path) {
    return FIELDS.number(json, camel, path);
  }

  /** An integer; a numeric string is accepted too, as proto3 JSON allows for integer fields. */
  static Long integer(JsonObject json, String camel, String path) {
    return FIELDS.integer(json, camel, path, true);
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
    return FIELDS.element(list, index, path);
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

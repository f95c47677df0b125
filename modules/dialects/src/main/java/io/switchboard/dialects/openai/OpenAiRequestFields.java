package io.switchboard.dialects.openai;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.dialects.JsonFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Typed reads of a client's Chat Completions body: a wrong type becomes a {@code BAD_REQUEST} that names the field
 * by its path (e.g. {@code messages[1].content}), worded as OpenAI words its own 400s. Absent and JSON null read as
 * null, as OpenAI treats them. The Responses API words its 400s the same way, so its decoder reads through these too.
 */
public final class OpenAiRequestFields {
  private OpenAiRequestFields() {
  }

  private static final JsonFields FIELDS = new JsonFields((path, expected) -> invalidType(path, switch (expected) {
    case STRING -> "a string";
    case BOOLEAN -> "a boolean";
    case NUMBER -> "a number";
    case INTEGER -> "an integer";
    case OBJECT -> "an object";
    case ARRAY -> "an array";
  }));

  public static String string(JsonObject json, String field, String path) {
    return FIELDS.string(json, field, path);
  }

  public static String requiredString(JsonObject json, String field, String path) {
    String value = string(json, field, path);
    if (value == null) {
      throw missing(path);
    }
    return value;
  }

  public static Boolean bool(JsonObject json, String field, String path) {
    return FIELDS.bool(json, field, path);
  }

  public static Double number(JsonObject json, String field, String path) {
    return FIELDS.number(json, field, path);
  }

  public static Long integer(JsonObject json, String field, String path) {
    return FIELDS.integer(json, field, path, false);
  }

  /** An integer that fits Java's int (token counts). */
  public static Integer int32(JsonObject json, String field, String path) {
    Long value = integer(json, field, path);
    if (value == null) {
      return null;
    }
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw invalidValue(path, value, "integers up to " + Integer.MAX_VALUE);
    }
    return value.intValue();
  }

  public static JsonObject object(JsonObject json, String field, String path) {
    return FIELDS.object(json, field, path);
  }

  public static JsonObject requiredObject(JsonObject json, String field, String path) {
    JsonObject value = object(json, field, path);
    if (value == null) {
      throw missing(path);
    }
    return value;
  }

  public static JsonArray array(JsonObject json, String field, String path) {
    return FIELDS.array(json, field, path);
  }

  /** Element {@code i} of an array that must hold objects. */
  public static JsonObject element(JsonArray array, int i, String path) {
    return FIELDS.element(array, i, path + "[" + i + "]");
  }

  public static GatewayException invalidType(String path, String expected) {
    return new GatewayException(ErrorKind.BAD_REQUEST, "Invalid type for '" + path + "': expected " + expected + ".");
  }

  public static GatewayException invalidValue(String path, Object value, String supported) {
    return new GatewayException(ErrorKind.BAD_REQUEST,
      "Invalid value for '" + path + "': '" + value + "'. Supported values are: " + supported + ".");
  }

  public static GatewayException missing(String path) {
    return new GatewayException(ErrorKind.BAD_REQUEST, "Missing required parameter: '" + path + "'.");
  }
}

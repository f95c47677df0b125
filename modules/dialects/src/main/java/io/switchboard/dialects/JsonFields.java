package io.switchboard.dialects;

import io.switchboard.api.GatewayException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.BiFunction;

/**
 * Typed reads of a client's JSON body, shared by every dialect: absent and JSON null read as null, a value of the
 * wrong type becomes the dialect's own complaint naming the field's path (each provider words its 400s its way).
 */
public final class JsonFields {
  /** The type a field should have had. */
  public enum Expected { STRING, BOOLEAN, NUMBER, INTEGER, OBJECT, ARRAY }

  /** How a dialect words a field of the wrong type. */
  @FunctionalInterface
  public interface Complaint {
    GatewayException wrongType(String path, Expected expected);
  }

  private final Complaint complaint;
  private final BiFunction<JsonObject, String, Object> lookup;

  public JsonFields(Complaint complaint) {
    this(complaint, JsonObject::getValue);
  }

  /** {@code lookup} finds a field by name (Gemini also reads snake_case spellings). */
  public JsonFields(Complaint complaint, BiFunction<JsonObject, String, Object> lookup) {
    this.complaint = complaint;
    this.lookup = lookup;
  }

  public String string(JsonObject json, String key, String path) {
    return typed(json, key, path, String.class, Expected.STRING);
  }

  public Boolean bool(JsonObject json, String key, String path) {
    return typed(json, key, path, Boolean.class, Expected.BOOLEAN);
  }

  public JsonObject object(JsonObject json, String key, String path) {
    return typed(json, key, path, JsonObject.class, Expected.OBJECT);
  }

  public JsonArray array(JsonObject json, String key, String path) {
    return typed(json, key, path, JsonArray.class, Expected.ARRAY);
  }

  public Double number(JsonObject json, String key, String path) {
    Object value = lookup.apply(json, key);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw complaint.wrongType(path, Expected.NUMBER);
  }

  /** A whole number (2.0 counts as 2); {@code numericStrings} also reads "2", as proto3 JSON allows. */
  public Long integer(JsonObject json, String key, String path, boolean numericStrings) {
    Object value = lookup.apply(json, key);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    if (numericStrings && value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException notANumber) {
        // the complaint below says what was expected
      }
    }
    throw complaint.wrongType(path, Expected.INTEGER);
  }

  /** The element at {@code index}, which must be an object; {@code path} names that element. */
  public JsonObject element(JsonArray array, int index, String path) {
    if (array.getValue(index) instanceof JsonObject object) {
      return object;
    }
    throw complaint.wrongType(path, Expected.OBJECT);
  }

  private <T> T typed(JsonObject json, String key, String path, Class<T> type, Expected expected) {
    Object value = lookup.apply(json, key);
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    throw complaint.wrongType(path, expected);
  }
}

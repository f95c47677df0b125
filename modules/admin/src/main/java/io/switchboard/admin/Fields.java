package io.switchboard.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a request body's fields by type; a missing or mistyped field is a 400 naming it. */
final class Fields {
  private final JsonObject body;

  Fields(JsonObject body) {
    this.body = body;
  }

  /** A copy of the whole body. */
  JsonObject json() {
    return body.copy();
  }

  boolean has(String field) {
    return body.containsKey(field);
  }

  String text(String field, String fallback) {
    Object v = body.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw AdminError.badField(field, "must be text");
    }
    return s;
  }

  String requiredText(String field) {
    String s = text(field, null);
    if (s == null || s.isBlank()) {
      throw AdminError.badField(field, "is required");
    }
    return s;
  }

  /** Text that names something (a username, a key name): it reaches logs and rows, so no control characters. */
  String name(String field, String fallback) {
    String s = text(field, fallback);
    if (s != null && s.chars().anyMatch(Character::isISOControl)) {
      throw AdminError.badField(field, "must not hold control characters");
    }
    return s;
  }

  String requiredName(String field) {
    requiredText(field);
    return name(field, null);
  }

  String oneOf(String field, String fallback, Set<String> allowed) {
    String s = text(field, fallback);
    if (s != null && !allowed.contains(s)) {
      throw AdminError.badField(field, "must be one of " + new java.util.TreeSet<>(allowed));
    }
    return s;
  }

  Long whole(String field, Long fallback, long min) {
    Object v = body.getValue(field);
    if (v == null) {
      return body.containsKey(field) ? null : fallback;
    }
    if (!(v instanceof Integer || v instanceof Long)) {
      throw AdminError.badField(field, "must be a whole number");
    }
    long n = ((Number) v).longValue();
    if (n < min) {
      throw AdminError.badField(field, "must be at least " + min);
    }
    return n;
  }

  Integer wholeInt(String field, Integer fallback, int min) {
    Long n = whole(field, fallback == null ? null : fallback.longValue(), min);
    if (n != null && n > Integer.MAX_VALUE) {
      throw AdminError.badField(field, "is too large");
    }
    return n == null ? null : n.intValue();
  }

  Boolean bool(String field, Boolean fallback) {
    Object v = body.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw AdminError.badField(field, "must be true or false");
    }
    return b;
  }

  List<String> strings(String field, List<String> fallback) {
    Object v = body.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof JsonArray array)) {
      throw AdminError.badField(field, "must be a list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s) || s.isBlank()) {
        throw AdminError.badField(field + "[" + i + "]", "must be non-empty text");
      }
      out.add(s);
    }
    return out;
  }

  /** A list of ids (whole numbers); null when absent. */
  List<Long> ids(String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray array)) {
      throw AdminError.badField(field, "must be a list");
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof Integer || array.getValue(i) instanceof Long)) {
        throw AdminError.badField(field + "[" + i + "]", "must be a user id");
      }
      out.add(((Number) array.getValue(i)).longValue());
    }
    return out;
  }

  JsonObject object(String field, JsonObject fallback) {
    Object v = body.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof JsonObject o)) {
      throw AdminError.badField(field, "must be an object");
    }
    return o;
  }

  /** An ISO-8601 instant; an explicit null clears it. */
  Instant instant(String field, Instant fallback) {
    Object v = body.getValue(field);
    if (v == null) {
      return body.containsKey(field) ? null : fallback;
    }
    try {
      return Instant.parse(String.valueOf(v));
    } catch (DateTimeParseException e) {
      throw AdminError.badField(field, "must be an ISO-8601 time such as 2030-01-31T00:00:00Z");
    }
  }
}

package io.switchboard.ingress;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How deep a request body may nest. The JSON parser stops at 1000 levels, but the copies, conversions and encoders a
 * body passes through recurse once per level on an event-loop thread: at 900 levels one of them overflowed the stack
 * and the request failed as an upstream error. No client request needs more than a few dozen (deep tool schemas).
 */
final class NestingLimit {
  static final int MAX_DEPTH = 100;

  private NestingLimit() {
  }

  /** Throws GatewayException(BAD_REQUEST) when {@code body} nests objects and arrays deeper than {@link #MAX_DEPTH}. */
  static void check(JsonObject body) {
    if (body != null && tooDeep(body, 1)) {
      throw new GatewayException(ErrorKind.BAD_REQUEST,
        "The request body nests objects and arrays deeper than " + MAX_DEPTH + " levels.");
    }
  }

  private static boolean tooDeep(Object value, int depth) {
    if (!(value instanceof JsonObject) && !(value instanceof JsonArray)) {
      return false;
    }
    if (depth > MAX_DEPTH) {
      return true;
    }
    if (value instanceof JsonObject object) {
      for (java.util.Map.Entry<String, Object> field : object) { // the iterator wraps nested maps and lists
        if (tooDeep(field.getValue(), depth + 1)) {
          return true;
        }
      }
      return false;
    }
    for (Object element : (JsonArray) value) {
      if (tooDeep(element, depth + 1)) {
        return true;
      }
    }
    return false;
  }
}

package io.switchboard.dialects.gemini;

import io.switchboard.api.ErrorKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Error bodies in Google's shape, {@code {"error":{"code","message","status"}}}, with google.rpc status names. */
final class GeminiErrors {
  private GeminiErrors() {
  }

  static JsonObject error(ErrorKind kind, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", kind.status()).put("message", message)
      .put("status", status(kind)));
  }

  static Buffer body(ErrorKind kind, String message) {
    return error(kind, message).toBuffer();
  }

  /** The google.rpc.Code name Google sends with each HTTP status. */
  static String status(ErrorKind kind) {
    return switch (kind) {
      case BAD_REQUEST, BODY_TOO_LARGE -> "INVALID_ARGUMENT";
      case UNAUTHENTICATED -> "UNAUTHENTICATED";
      case QUOTA_EXHAUSTED -> "FAILED_PRECONDITION";
      case FORBIDDEN -> "PERMISSION_DENIED";
      case MODEL_NOT_FOUND -> "NOT_FOUND";
      case RATE_LIMITED -> "RESOURCE_EXHAUSTED";
      case INTERNAL, UPSTREAM_ERROR -> "INTERNAL";
      case UNAVAILABLE -> "UNAVAILABLE";
      case UPSTREAM_TIMEOUT, REQUEST_TIMEOUT -> "DEADLINE_EXCEEDED";
    };
  }

  /** The message of a Google error body, also in the array-wrapped form {@code [{"error":...}]}; else null. */
  static String message(Buffer body) {
    JsonObject error = parse(body);
    return error == null ? null : error.getString("message");
  }

  /** The {@code error} object of a body, or null when the body has another shape. */
  static JsonObject parse(Buffer body) {
    try {
      Object parsed = body == null || body.length() == 0 ? null : body.toJsonValue();
      if (parsed instanceof JsonArray array && !array.isEmpty()) {
        parsed = array.getValue(0);
      }
      return errorOf(parsed);
    } catch (RuntimeException notJson) {
      return null; // not JSON: the caller falls back to a message of its own
    }
  }

  /** Google's error object needs a numeric code: OpenAI's {"error":{"message","code":"..."}} is another shape. */
  static JsonObject errorOf(Object parsed) {
    if (parsed instanceof JsonObject json && json.getValue("error") instanceof JsonObject error
      && error.getValue("message") instanceof String && error.getValue("code") instanceof Number) {
      return error;
    }
    return null;
  }

  /**
   * The kind of an error the upstream reported inside a stream. Only throttling and availability keep their
   * meaning; anything else is the upstream's failure, not the client's (an upstream 401 means our key is bad).
   */
  static ErrorKind upstreamKind(JsonObject error) {
    int code = error.getValue("code") instanceof Number n ? n.intValue() : 0;
    return switch (code) {
      case 429 -> ErrorKind.RATE_LIMITED;
      case 503 -> ErrorKind.UNAVAILABLE;
      case 504 -> ErrorKind.UPSTREAM_TIMEOUT;
      default -> ErrorKind.UPSTREAM_ERROR;
    };
  }
}

package io.switchboard.dialects.anthropic;

import io.switchboard.api.ErrorKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** Anthropic's error shape, {@code {"type":"error","error":{"type","message"}}}, and its error types. */
public final class AnthropicErrors {
  private AnthropicErrors() {
  }

  public static Buffer body(ErrorKind kind, String message) {
    return event(type(kind), message).toBuffer();
  }

  static JsonObject event(String type, String message) {
    return new JsonObject().put("type", "error")
      .put("error", new JsonObject().put("type", type).put("message", message));
  }

  /** The error message of an Anthropic-shaped body, or null when the body has another shape. */
  public static String message(Buffer body) {
    try {
      Object parsed = body == null || body.length() == 0 ? null : body.toJsonValue();
      if (parsed instanceof JsonObject json && "error".equals(json.getValue("type"))
        && json.getValue("error") instanceof JsonObject error && error.getValue("message") instanceof String text) {
        return text;
      }
    } catch (RuntimeException notJson) {
      // not JSON: another shape
    }
    return null;
  }

  /** Anthropic's error type for a kind (as its API answers each status; 504 has no type of its own). */
  public static String type(ErrorKind kind) {
    return switch (kind) {
      case BAD_REQUEST, REQUEST_TIMEOUT -> "invalid_request_error";
      case UNAUTHENTICATED -> "authentication_error";
      case QUOTA_EXHAUSTED -> "billing_error";
      case FORBIDDEN -> "permission_error";
      case MODEL_NOT_FOUND -> "not_found_error";
      case BODY_TOO_LARGE -> "request_too_large";
      case RATE_LIMITED -> "rate_limit_error";
      case UNAVAILABLE -> "overloaded_error";
      case INTERNAL, UPSTREAM_ERROR, UPSTREAM_TIMEOUT -> "api_error";
    };
  }

  /** The kind an upstream error type stands for; unknown types are upstream errors. */
  public static ErrorKind kind(String type) {
    if (type == null) {
      return ErrorKind.UPSTREAM_ERROR;
    }
    return switch (type) {
      case "invalid_request_error" -> ErrorKind.BAD_REQUEST;
      case "authentication_error" -> ErrorKind.UNAUTHENTICATED;
      case "billing_error" -> ErrorKind.QUOTA_EXHAUSTED;
      case "permission_error" -> ErrorKind.FORBIDDEN;
      case "not_found_error" -> ErrorKind.MODEL_NOT_FOUND;
      case "request_too_large" -> ErrorKind.BODY_TOO_LARGE;
      case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
      case "overloaded_error" -> ErrorKind.UNAVAILABLE;
      case "timeout_error" -> ErrorKind.UPSTREAM_TIMEOUT;
      default -> ErrorKind.UPSTREAM_ERROR;
    };
  }
}

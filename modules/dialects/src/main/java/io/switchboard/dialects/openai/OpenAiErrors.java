package io.switchboard.dialects.openai;

import io.switchboard.api.ErrorKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** Error bodies in OpenAI's shape: {@code {"error":{"message","type","param","code"}}}. */
public final class OpenAiErrors {
  private OpenAiErrors() {
  }

  public static Buffer body(ErrorKind kind, String message) {
    JsonObject error = new JsonObject().put("message", message).put("type", type(kind)).putNull("param")
      .put("code", code(kind));
    return new JsonObject().put("error", error).toBuffer();
  }

  /** The upstream's error object when the body is OpenAI-shaped, else null. */
  public static JsonObject parse(Buffer body) {
    try {
      Object parsed = body == null || body.length() == 0 ? null : body.toJsonValue();
      if (parsed instanceof JsonObject json && json.getValue("error") instanceof JsonObject error
        && error.getValue("message") instanceof String) {
        return error;
      }
    } catch (RuntimeException notJson) {
      // not JSON: the caller falls back to a message of its own
    }
    return null;
  }

  private static String type(ErrorKind kind) {
    return switch (kind) {
      case BAD_REQUEST, MODEL_NOT_FOUND, BODY_TOO_LARGE, REQUEST_TIMEOUT, UNAUTHENTICATED -> "invalid_request_error";
      case FORBIDDEN -> "permission_error";
      case RATE_LIMITED -> "requests";
      case QUOTA_EXHAUSTED -> "insufficient_quota";
      default -> "server_error";
    };
  }

  private static String code(ErrorKind kind) {
    return switch (kind) {
      case UNAUTHENTICATED -> "invalid_api_key";
      case FORBIDDEN -> "model_not_allowed";
      case MODEL_NOT_FOUND -> "model_not_found";
      case BODY_TOO_LARGE -> "request_too_large";
      case REQUEST_TIMEOUT -> "request_timeout";
      case RATE_LIMITED -> "rate_limit_exceeded";
      case QUOTA_EXHAUSTED -> "insufficient_quota";
      default -> null;
    };
  }
}

package io.switchboard.dialects.responses;

import io.switchboard.api.ErrorKind;
import io.vertx.core.json.JsonObject;

/**
 * Errors inside a Responses stream. Error bodies outside a stream have Chat Completions' shape
 * ({@code {"error":{"message","type","param","code"}}}, see {@code OpenAiErrors}); inside one, OpenAI sends an
 * {@code error} event and the response's {@code error} object, whose {@code code} Codex CLI reads to decide:
 * {@code rate_limit_exceeded} (retried after the delay the message names), {@code insufficient_quota},
 * {@code context_length_exceeded}, anything else retried as a server error.
 */
final class ResponsesErrors {
  private ResponsesErrors() {
  }

  static String code(ErrorKind kind) {
    return switch (kind) {
      case RATE_LIMITED -> "rate_limit_exceeded";
      case QUOTA_EXHAUSTED -> "insufficient_quota";
      case BAD_REQUEST -> "invalid_prompt";
      default -> "server_error";
    };
  }

  /** The response's {@code error} object. */
  static JsonObject error(ErrorKind kind, String message) {
    return new JsonObject().put("code", code(kind)).put("message", message);
  }

  /** The kind an upstream's in-stream error reports, read from its code (or type). */
  static ErrorKind kind(JsonObject error) {
    String said = (error.getValue("code") instanceof String c ? c : "") + " "
      + (error.getValue("type") instanceof String t ? t : "");
    if (said.contains("rate_limit")) {
      return ErrorKind.RATE_LIMITED;
    }
    if (said.contains("insufficient_quota")) {
      return ErrorKind.QUOTA_EXHAUSTED;
    }
    if (said.contains("overloaded") || said.contains("unavailable")) {
      return ErrorKind.UNAVAILABLE;
    }
    return said.contains("invalid") || said.contains("context_length") ? ErrorKind.BAD_REQUEST
      : ErrorKind.UPSTREAM_ERROR;
  }
}

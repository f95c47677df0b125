package io.switchboard.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A failure the admin API answers as {@code {"error":{"message","field"?}}} with its status. */
final class AdminError extends RuntimeException {
  final int status;
  final String field;
  final Long retryAfterSeconds;

  AdminError(int status, String message, String field, Long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static AdminError badField(String field, String message) {
    return new AdminError(400, field + " " + message, field, null);
  }

  static AdminError unauthorized(String message) {
    return new AdminError(401, message, null, null);
  }

  static AdminError forbidden() {
    return new AdminError(403, "this action needs the admin role", null, null);
  }

  static AdminError notFound(String what) {
    return new AdminError(404, what + " not found", null, null);
  }

  /** For a row read back after a write: null means another request deleted it in between, a 404 like any other. */
  static <T> Future<T> presentOr404(T row, String what) {
    return row == null ? Future.failedFuture(notFound(what)) : Future.succeededFuture(row);
  }

  static AdminError conflict(String message) {
    return new AdminError(409, message, null, null);
  }

  JsonObject body() {
    JsonObject error = new JsonObject().put("message", getMessage());
    if (field != null) {
      error.put("field", field);
    }
    return new JsonObject().put("error", error);
  }
}

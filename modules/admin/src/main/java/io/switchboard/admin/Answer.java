package io.switchboard.admin;

import io.vertx.core.Future;

/** What an operation answers: a status and a JSON value, or text with its content type. */
record Answer(int status, Object body, String contentType) {
  static Future<Answer> ok(Object json) {
    return Future.succeededFuture(new Answer(200, json, "application/json"));
  }

  static Future<Answer> created(Object json) {
    return Future.succeededFuture(new Answer(201, json, "application/json"));
  }

  static Future<Answer> noContent() {
    return Future.succeededFuture(new Answer(204, null, null));
  }
}

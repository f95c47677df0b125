package io.switchboard.admin;

import io.vertx.core.Future;

/** The handler of one operation of the OpenAPI document. */
@FunctionalInterface
interface AdminOperation {
  Future<Answer> handle(Call call);
}

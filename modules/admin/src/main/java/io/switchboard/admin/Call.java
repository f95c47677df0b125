package io.switchboard.admin;

import io.switchboard.store.User;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** One admin API request as an operation sees it: the authenticated caller (null on public routes), address, body. */
record Call(RoutingContext ctx, User caller, String ip) {

  Fields body() {
    if (ctx.body() == null || ctx.body().length() <= 0) {
      return new Fields(new JsonObject());
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(ctx.body().buffer());
    } catch (RuntimeException malformed) {
      parsed = null;
    }
    if (parsed instanceof JsonObject object) {
      return new Fields(object);
    }
    throw new AdminError(400, "the body must be a JSON object", null, null);
  }

  long id() {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw AdminError.badField("id", "must be a whole number");
    }
  }

  String param(String name) {
    return ctx.pathParam(name);
  }

  String query(String name) {
    String value = ctx.request().getParam(name);
    return value == null || value.isEmpty() ? null : value;
  }

  boolean admin() {
    return caller != null && caller.admin();
  }
}

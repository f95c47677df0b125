package io.switchboard.admin;

import io.switchboard.store.User;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

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
      String nul = firstNul(object, "");
      if (nul != null) {
        throw AdminError.badField(nul, "must not contain NUL characters");
      }
      return new Fields(object);
    }
    throw new AdminError(400, "the body must be a JSON object", null, null);
  }

  /** The path of the first key or string under {@code value} holding U+0000, which PostgreSQL cannot store; or null. */
  private static String firstNul(Object value, String path) {
    if (value instanceof String text) {
      return text.indexOf('\u0000') >= 0 ? (path.isEmpty() ? "body" : path) : null;
    }
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> field : object) {
        String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        String found = field.getKey().indexOf('\u0000') >= 0 ? path.isEmpty() ? "body" : path
          : firstNul(field.getValue(), at);
        if (found != null) {
          return found;
        }
      }
    }
    if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        String found = firstNul(array.getValue(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
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

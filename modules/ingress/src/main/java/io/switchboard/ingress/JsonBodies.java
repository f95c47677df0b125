package io.switchboard.ingress;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** A request body that must be one JSON object. */
final class JsonBodies {
  private JsonBodies() {
  }

  static JsonObject object(Buffer body) {
    try {
      Object parsed = body == null || body.length() == 0 ? null : body.toJsonValue();
      if (parsed instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException malformed) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "The request body is not valid JSON.");
    }
    throw new GatewayException(ErrorKind.BAD_REQUEST, "The request body must be a JSON object.");
  }
}

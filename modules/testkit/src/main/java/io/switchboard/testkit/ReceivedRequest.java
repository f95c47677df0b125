package io.switchboard.testkit;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** One request as {@link MockUpstream} received it: headers and body are copies. */
public record ReceivedRequest(String method, String path, String query, MultiMap headers, Buffer body) {

  public JsonObject json() {
    return body.toJsonObject();
  }
}

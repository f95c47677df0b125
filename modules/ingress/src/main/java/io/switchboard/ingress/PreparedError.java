package io.switchboard.ingress;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.vertx.core.buffer.Buffer;

/** A failure whose error body the route wrote itself, where the dialect's generic one cannot name its field or code. */
final class PreparedError extends GatewayException {
  private final transient Buffer body;

  PreparedError(ErrorKind kind, String message, Buffer body) {
    super(kind, message);
    this.body = body;
  }

  Buffer body() {
    return body;
  }
}

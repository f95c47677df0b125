package io.switchboard.ingress;

import io.switchboard.api.ErrorKind;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

/**
 * A pass-through answer: the upstream's own status and headers (its content type among them), bytes untouched,
 * chunked unless it has no body (204, 304, an answer to HEAD). Its format is not the gateway's to speak, so a failure
 * after the head cuts the connection: the client sees a body that ended early, never one that looks whole. Before the
 * head, the 502 is in {@code errors}' shape.
 */
record RelayedStreamShape(HttpMethod method, WireFormat errors) implements StreamShape {
  @Override
  public void head(HttpServerResponse response) {
    int status = response.getStatusCode();
    if (status != 204 && status != 304 && method != HttpMethod.HEAD) {
      response.setChunked(true);
    }
  }

  @Override
  public void failAfterHead(HttpServerResponse response, String message) {
    response.reset();
  }

  @Override
  public Buffer errorBody(String message) {
    return errors.errorBody(ErrorKind.UPSTREAM_ERROR, message);
  }
}

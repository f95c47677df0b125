package io.switchboard.ingress;

import io.switchboard.api.ErrorKind;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * A chat stream in the client's dialect: SSE (or Gemini's JSON array), not cached; a failure after the head is an
 * in-band error event (or the array's last element), as the client's SDK expects it.
 */
record DialectStreamShape(WireFormat dialect, String model, String contentType) implements StreamShape {
  @Override
  public void head(HttpServerResponse response) {
    response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, contentType)
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
  }

  @Override
  public void failAfterHead(HttpServerResponse response, String message) {
    if (contentType.startsWith("application/json")) {
      // Gemini's JSON-array stream: the error is its last element
      response.end(Buffer.buffer(",\r\n").appendBuffer(dialect.errorBody(ErrorKind.UPSTREAM_ERROR, message))
        .appendString("]"));
    } else {
      response.end(dialect.streamEncoder(model, false).error(message));
    }
  }

  @Override
  public Buffer errorBody(String message) {
    return dialect.errorBody(ErrorKind.UPSTREAM_ERROR, message);
  }
}

package io.switchboard.ingress;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** What one kind of streamed answer looks like to its client ({@link ClientStream} writes the bytes). */
interface StreamShape {
  /** Completes the head (its status and the upstream's headers are set; framing is this shape's) before any byte. */
  void head(HttpServerResponse response);

  /** The stream failed after bytes went out: tell the client as its API would, and end the answer. */
  void failAfterHead(HttpServerResponse response, String message);

  /** The body of the 502 a stream that failed before its first byte answers with. */
  Buffer errorBody(String message);
}

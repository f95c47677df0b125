package io.switchboard.providers.core;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * An upstream's whole answer, read as it comes. A body that came in one piece (the common case: the reads of one
 * answer reach the client as one, see {@link ChunkCoalescer}) is that piece, where Vert.x' {@code body()} copies every
 * answer into a buffer of its own; a body of several pieces is joined once they have all come.
 */
final class WholeBody {
  private Buffer first;
  private Buffer joined;

  private WholeBody() {
  }

  static Future<Buffer> of(HttpClientResponse response) {
    WholeBody body = new WholeBody();
    response.handler(body::add);
    return response.end().map(ended -> body.bytes());
  }

  private void add(Buffer piece) {
    if (first == null) {
      first = piece;
      return;
    }
    if (joined == null) {
      joined = Buffer.buffer(2 * (first.length() + piece.length())).appendBuffer(first);
    }
    joined.appendBuffer(piece);
  }

  private Buffer bytes() {
    return joined != null ? joined : first != null ? first : Buffer.buffer();
  }
}

package io.switchboard.providers.core;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;

/**
 * An upstream's whole answer, read as it comes, up to a limit. A body that came in one piece (the common case: the
 * HTTP chunks one socket read brings reach Vert.x as one, see {@link ChunkCoalescer}) is that piece, where Vert.x'
 * {@code body()} copies every answer into a buffer of its own; a body of several pieces is joined once they have all
 * come. An answer larger than the limit (its {@code content-length} says so, or its bytes pass it) is not read
 * further: the upstream request is reset and the read fails with {@link TooLarge}.
 */
final class WholeBody {
  private final long limit;
  private long length;
  private Buffer first;
  private Buffer joined;

  private WholeBody(long limit) {
    this.limit = limit;
  }

  /** An answer over the limit; the upstream connection it came on is closed. */
  static final class TooLarge extends RuntimeException {
    TooLarge(long limit) {
      super("the upstream's answer is larger than " + limit + " bytes", null, false, false);
    }
  }

  static Future<Buffer> of(HttpClientResponse response, long limit) {
    String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && declaredOver(declared, limit)) {
      response.request().reset();
      return Future.failedFuture(new TooLarge(limit));
    }
    WholeBody body = new WholeBody(limit);
    Promise<Buffer> read = Promise.promise();
    response.handler(piece -> {
      if (!body.add(piece) && read.tryFail(new TooLarge(limit))) {
        response.request().reset();
      }
    });
    response.end().onComplete(ended -> {
      if (ended.succeeded()) {
        read.tryComplete(body.bytes());
      } else {
        read.tryFail(ended.cause());
      }
    });
    return read.future();
  }

  private static boolean declaredOver(String declared, long limit) {
    try {
      return Long.parseLong(declared.trim()) > limit;
    } catch (NumberFormatException notANumber) {
      return false; // the HTTP client refuses such a head itself
    }
  }

  /** False once the answer has passed the limit: the piece is not kept. */
  private boolean add(Buffer piece) {
    length += piece.length();
    if (length > limit) {
      first = null;
      joined = null;
      return false;
    }
    if (first == null) {
      first = piece;
      return true;
    }
    if (joined == null) {
      joined = Buffer.buffer((int) Math.min(limit, 2L * length)).appendBuffer(first);
    }
    joined.appendBuffer(piece);
    return true;
  }

  private Buffer bytes() {
    return joined != null ? joined : first != null ? first : Buffer.buffer();
  }
}

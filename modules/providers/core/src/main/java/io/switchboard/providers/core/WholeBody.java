package io.switchboard.providers.core;

import io.switchboard.api.HeldBytes;
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
 *
 * <p>The answers being read in this process hold at most {@code heldAtMost} bytes between them
 * ({@code providers.heldAnswerBytes}, by default an eighth of the heap: an answer is held a few times over while it is
 * converted), counted by their {@code content-length} as their head arrives, else as their bytes do. An answer that
 * would pass it while others hold bytes is not read further either, and fails with {@link OverBudget}; one alone is
 * read up to its limit, whatever its size. Without the bound, twenty 6 MiB answers at once ran a 112 MiB heap out.
 */
final class WholeBody {
  /** What the answers being read hold (or have declared), in bytes. */
  private static final HeldBytes ANSWERS = new HeldBytes();
  private final long limit;
  private final long heldAtMost;
  private long length;
  /** What this answer counts in {@link #ANSWERS}. */
  private final HeldBytes.Holder held = ANSWERS.holder();
  private Buffer first;
  private Buffer joined;

  private WholeBody(long limit, long heldAtMost) {
    this.limit = limit;
    this.heldAtMost = heldAtMost;
  }

  /** An answer over the limit; the upstream connection it came on is closed. */
  static final class TooLarge extends RuntimeException {
    TooLarge(long limit) {
      super("the upstream's answer is larger than " + limit + " bytes", null, false, false);
    }
  }

  /** Answers being read would hold more than the bound; the upstream connection is closed. */
  static final class OverBudget extends RuntimeException {
    OverBudget(long heldAtMost) {
      super("the gateway is holding as many answers read whole as it may (" + heldAtMost
        + " bytes, providers.heldAnswerBytes): try again shortly", null, false, false);
    }
  }

  static Future<Buffer> of(HttpClientResponse response, long limit, long heldAtMost) {
    long declared = HeldBytes.contentLength(response.getHeader(HttpHeaders.CONTENT_LENGTH));
    if (declared > limit) {
      return refused(response, new TooLarge(limit));
    }
    WholeBody body = new WholeBody(limit, heldAtMost);
    if (declared > 0 && !body.hold(declared)) {
      return refused(response, new OverBudget(heldAtMost));
    }
    Promise<Buffer> read = Promise.promise();
    response.handler(piece -> {
      if (read.future().isComplete()) {
        return; // refused: what still comes is dropped
      }
      RuntimeException refused = body.add(piece, declared);
      if (refused != null && read.tryFail(refused)) {
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
    return read.future().andThen(done -> body.held.release());
  }

  /** What the answers being read in this process hold (or have declared) now, in bytes. */
  static long held() {
    return ANSWERS.held();
  }

  /** Refused from its head: the upstream request is reset, and the reset itself, which nothing reads, is not told. */
  private static Future<Buffer> refused(HttpClientResponse response, RuntimeException why) {
    response.exceptionHandler(reset -> { });
    response.request().reset();
    return Future.failedFuture(why);
  }

  /** Counts {@code bytes} more for this answer, unless that passes the bound while other answers hold bytes too. */
  private boolean hold(long bytes) {
    if (!held.hold(bytes, heldAtMost)) {
      held.release();
      return false;
    }
    return true;
  }

  /**
   * Null, or why the answer is not read further (the piece is not kept): over its limit, or over the bound. An answer
   * that declared its length ({@code declared} not -1) was counted for it, and is joined in a buffer of that size.
   */
  private RuntimeException add(Buffer piece, long declared) {
    length += piece.length();
    if (length > limit || declared < 0 && !hold(piece.length())) {
      first = null;
      joined = null;
      return length > limit ? new TooLarge(limit) : new OverBudget(heldAtMost);
    }
    if (first == null) {
      first = piece;
      return null;
    }
    if (joined == null) {
      joined = Buffer.buffer((int) Math.min(limit, declared >= length ? declared : 2L * length)).appendBuffer(first);
    }
    joined.appendBuffer(piece);
    return null;
  }

  private Buffer bytes() {
    return joined != null ? joined : first != null ? first : Buffer.buffer();
  }
}

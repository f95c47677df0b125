package io.switchboard.ingress;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Reads a body that did not say its length (chunked, or HTTP/2 without {@code content-length}) and counts it among the
 * bodies held ({@link UpstreamCallRoute#BODIES}) chunk by chunk as it arrives, where a body that said its length was
 * counted whole before a byte was read. Past {@code http.maxBodyBytes} it fails the route with 413, as Vert.x' body
 * handler does; a chunk that would pass {@code http.heldBodyBytes} while other bodies are held refuses the request
 * (503 with {@code Retry-After}); the rest of such a body is not kept. Once read, the body is the route's as the body
 * handler's would be, and that handler passes it on.
 */
final class UnsaidLengthBody {
  private final Exchange ex;
  private final long maxBodyBytes;
  private final long heldBodyBytes;
  private final Buffer body = Buffer.buffer();
  private boolean over;

  private UnsaidLengthBody(Exchange ex, long maxBodyBytes, long heldBodyBytes) {
    this.ex = ex;
    this.maxBodyBytes = maxBodyBytes;
    this.heldBodyBytes = heldBodyBytes;
  }

  /**
   * Whether the (paused) request's body is one this reads: not read yet, no {@code content-length} said, and chunked
   * (or HTTP/2): an HTTP/1 request with neither header has no body, as for Vert.x' body handler.
   */
  static boolean applies(HttpServerRequest request) {
    return !request.isEnded() && request.getHeader(HttpHeaders.CONTENT_LENGTH) == null
      && (request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.TRANSFER_ENCODING));
  }

  /**
   * Reads the body of the exchange's paused request, then goes on to the route's next handler; what cannot be read
   * fails the route, whose failure handler answers it.
   */
  static void read(Exchange ex, long maxBodyBytes, long heldBodyBytes) {
    new UnsaidLengthBody(ex, maxBodyBytes, heldBodyBytes).start();
  }

  private void start() {
    RoutingContext ctx = ex.ctx;
    HttpServerRequest request = ctx.request();
    String expect = request.getHeader(HttpHeaders.EXPECT);
    if (expect != null && !"100-continue".equalsIgnoreCase(expect)) {
      ctx.fail(417); // as Vert.x' body handler answers an expectation it cannot meet
      return;
    }
    request.handler(this::chunk);
    request.exceptionHandler(failure -> {
      if (!over) {
        over = true;
        ctx.fail(failure);
      }
    });
    request.endHandler(v -> {
      if (!over) {
        RoutingContextInternal route = (RoutingContextInternal) ctx;
        route.setBody(body);
        route.visitHandler(RoutingContextInternal.BODY_HANDLER); // read: the body handler passes it on as it is
        ctx.next();
      }
    });
    if (expect != null && request.version() != HttpVersion.HTTP_1_0) {
      ctx.response().writeContinue();
    }
    request.resume();
  }

  private void chunk(Buffer chunk) {
    if (over || ex.recorded()) {
      return; // refused, or answered meanwhile (timed out, the client gone, the gateway stopping): not kept
    }
    if (body.length() + (long) chunk.length() > maxBodyBytes) {
      over = true;
      ex.ctx.fail(413);
      return;
    }
    if (!ex.holdBody(chunk.length(), heldBodyBytes)) {
      over = true;
      ex.ctx.fail(ex.bodiesFull(heldBodyBytes));
      return;
    }
    body.appendBuffer(chunk);
  }
}

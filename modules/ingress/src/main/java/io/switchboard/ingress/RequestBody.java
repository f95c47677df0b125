package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.StreamControl;
import io.switchboard.api.StreamFrame;
import io.switchboard.api.StreamTally;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A pass-through request's body as it arrives. One that ends within {@code bufferBytes} is read whole, so a failed
 * attempt can be made again on another account. A larger one is read only that far; the rest waits in the client's
 * socket until an attempt's provider has its upstream connection open and grants credit, then flows to it as
 * {@link StreamFrame}s on {@code sb.stream.<upload>.up} no faster than credit comes back: the gateway holds at most a
 * window of it however large it is, and once any of it has gone, the attempt cannot be repeated. Past
 * {@code maxBodyBytes} (0: no limit) the body is refused with 413, or, while flowing, cut off.
 */
final class RequestBody {
  private final EventBus bus;
  private final HttpServerRequest request;
  private final long bufferBytes;
  private final long maxBodyBytes;
  private final Exchange ex;
  private final long heldBodyBytes;
  private final Promise<RequestBody> read = Promise.promise();
  private final Buffer head = Buffer.buffer();
  private long bytes;
  private boolean whole;
  private boolean tooLarge;
  private String uploadId;
  private MessageConsumer<StreamControl> control;
  private long credit;
  private long seq;
  private boolean started;
  private boolean closed;

  private RequestBody(EventBus bus, HttpServerRequest request, long bufferBytes, long maxBodyBytes, Exchange ex,
                      long heldBodyBytes) {
    this.bus = bus;
    this.request = request;
    this.bufferBytes = bufferBytes;
    this.maxBodyBytes = maxBodyBytes;
    this.ex = ex;
    this.heldBodyBytes = heldBodyBytes;
  }

  /**
   * Reads the body of {@code ex}'s paused request: whole, or its first {@code bufferBytes} when it goes on. What it
   * keeps counts among the bodies held ({@link Exchange#holdBody}) as it arrives; a chunk that would pass
   * {@code heldBodyBytes} fails the read with {@link Exchange#bodiesFull}.
   */
  static Future<RequestBody> read(EventBus bus, Exchange ex, long bufferBytes, long maxBodyBytes,
                                  long heldBodyBytes) {
    HttpServerRequest request = ex.ctx.request();
    RequestBody body = new RequestBody(bus, request, bufferBytes, maxBodyBytes, ex, heldBodyBytes);
    request.handler(body::onChunk);
    request.endHandler(v -> body.onEnd());
    request.exceptionHandler(body::onFailure);
    request.resume();
    return body.read.future();
  }

  /** The whole body, or its start when {@link #more()}. */
  Buffer head() {
    return head;
  }

  /** Whether the body goes on past {@link #head()}. */
  boolean more() {
    return !whole;
  }

  /** Whether any of the rest has gone to an attempt: no other attempt can have the body whole. */
  boolean started() {
    return started;
  }

  /** Whether it grew past {@code maxBodyBytes}. */
  boolean tooLarge() {
    return tooLarge;
  }

  /** Offers the rest to the attempt that names it {@code id}; completes once its credit can reach this body. */
  Future<Void> offer(String id) {
    if (closed) {
      return Future.succeededFuture(); // the client stopped sending: nothing to offer, nobody to listen for
    }
    uploadId = id;
    credit = 0;
    seq = 0;
    control = bus.consumer(Addresses.uploadControl(id), this::onControl);
    return control.completion();
  }

  /** The attempt ended without taking the rest (it failed first): another may take it, if none has gone. */
  void withdraw() {
    if (control != null) {
      control.unregister();
      control = null;
    }
    if (!started) {
      pauseUnlessAnswered();
    }
  }

  private void onChunk(Buffer chunk) {
    bytes += chunk.length();
    if (maxBodyBytes > 0 && bytes > maxBodyBytes) {
      tooLarge = true;
      request.pause();
      read.tryFail(new GatewayException(ErrorKind.BODY_TOO_LARGE,
        "The request body is larger than the " + maxBodyBytes + " bytes this gateway passes through."));
      send(StreamFrame.error(++seq, StreamTally.NONE, "the client's body is too large", null));
      return;
    }
    if (!read.future().isComplete()) {
      if (!ex.holdBody(chunk.length(), heldBodyBytes)) {
        request.pause();
        read.tryFail(ex.bodiesFull(heldBodyBytes));
        return;
      }
      head.appendBuffer(chunk);
      if (head.length() >= bufferBytes) {
        request.pause();
        read.complete(this);
      }
      return;
    }
    started = true;
    credit -= chunk.length();
    send(StreamFrame.data(++seq, chunk));
    if (credit <= 0) {
      request.pause();
    }
  }

  private void onEnd() {
    if (!read.future().isComplete()) {
      whole = true;
      read.complete(this);
      return;
    }
    send(StreamFrame.end(++seq, StreamTally.NONE));
    close();
  }

  private void onFailure(Throwable failure) {
    if (!read.tryFail(failure)) {
      send(StreamFrame.error(++seq, StreamTally.NONE, "the client stopped sending its body", null));
      close();
    }
  }

  private void onControl(Message<StreamControl> message) {
    StreamControl ctl = message.body();
    if (ctl.kind() == StreamControl.Kind.CANCEL) {
      close(); // the upstream answered: the rest is not wanted (ConnectionBounds drops it, or closes the connection)
    } else if (ctl.kind() == StreamControl.Kind.CREDIT && !closed) {
      credit += ctl.bytes();
      if (credit > 0) {
        request.resume();
      }
    }
  }

  private void send(StreamFrame frame) {
    if (uploadId != null && !closed) {
      bus.send(Addresses.upload(uploadId), frame);
    }
  }

  /** Once the answer has ended, ConnectionBounds reads the rest to drop it: the request is not paused again. */
  private void pauseUnlessAnswered() {
    if (!request.response().ended()) {
      request.pause();
    }
  }

  private void close() {
    closed = true;
    pauseUnlessAnswered();
    if (control != null) {
      control.unregister();
    }
  }
}

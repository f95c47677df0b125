package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.StreamControl;
import io.switchboard.api.StreamFrame;
import io.switchboard.api.Usage;
import io.switchboard.dialects.openai.OpenAiErrors;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * Writes one stream's frames to the client as they arrive, one socket write per frame, and grants the provider
 * credit as those writes leave the gateway. A client that leaves cancels the upstream.
 * {@link #finished()} completes with how the stream ended.
 */
final class ClientStream {
  /** How a stream ended: usage so far, the outcome, and when the first byte reached the client (-1 if never). */
  record Ending(Usage usage, String outcome, long firstByteNanos) {
  }

  private final EventBus bus;
  private final String requestId;
  private final HttpServerResponse response;
  private final long window;
  private final Promise<Ending> ending = Promise.promise();
  private MessageConsumer<StreamFrame> frames;
  private Map<String, String> headers = Map.of();
  private long expectedSeq = 1;
  private long held;
  private long ungranted;
  private long firstByteNanos = -1;

  ClientStream(EventBus bus, String requestId, HttpServerResponse response, long window) {
    this.bus = bus;
    this.requestId = requestId;
    this.response = response;
    this.window = window;
  }

  /** Starts listening for frames; completes once they can be delivered (cluster-wide). */
  Future<Void> listen() {
    frames = bus.consumer(Addresses.stream(requestId), this::onFrame);
    response.closeHandler(v -> clientLeft());
    return frames.completion();
  }

  /** Upstream response headers to send with the head, once the provider has accepted the stream. */
  void headers(Map<String, String> upstreamHeaders) {
    headers = upstreamHeaders;
  }

  Future<Ending> finished() {
    return ending.future();
  }

  /** This attempt will not stream (failed before its head): stop listening. */
  void abandon() {
    response.closeHandler(null);
    frames.unregister();
  }

  /** The client left before the head arrived: tell the provider to stop, if it already started. */
  boolean clientGone() {
    return response.closed();
  }

  private void onFrame(Message<StreamFrame> message) {
    StreamFrame frame = message.body();
    if (ending.future().isComplete() || response.closed()) {
      return; // a client that left is being cancelled; nothing more to write
    }
    if (frame.seq() != expectedSeq++) {
      fail(null, "the response stream lost a frame");
      cancelUpstream();
      return;
    }
    switch (frame.kind()) {
      case DATA -> write(frame.data());
      case END -> {
        writeHeadIfNeeded();
        response.end();
        complete(frame.usage(), "ok");
      }
      case ERROR -> fail(frame.usage(), frame.error());
    }
  }

  private void write(Buffer data) {
    writeHeadIfNeeded();
    int length = data.length();
    held += length;
    StreamBuffering.held(held, length);
    response.write(data).onComplete(written -> {
      held -= length;
      StreamBuffering.held(held, -length);
      ungranted += length;
      if (ungranted >= window / 4 && !ending.future().isComplete()) {
        bus.send(Addresses.streamControl(requestId), StreamControl.credit(ungranted));
        ungranted = 0;
      }
    });
  }

  private void writeHeadIfNeeded() {
    if (firstByteNanos >= 0) {
      return;
    }
    firstByteNanos = System.nanoTime();
    headers.forEach(response::putHeader);
    response.setStatusCode(200).setChunked(true)
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
  }

  /** After the first byte nothing is retried: the failure is told in-band, as OpenAI's SDKs expect it. */
  private void fail(Usage usage, String message) {
    if (!response.closed()) {
      if (firstByteNanos < 0) {
        ErrorReplies.send(response, 502, OpenAiErrors.body(ErrorKind.UPSTREAM_ERROR, message));
      } else {
        Buffer event = Buffer.buffer("data: ").appendBuffer(OpenAiErrors.body(ErrorKind.UPSTREAM_ERROR, message))
          .appendString("\n\n");
        response.end(event);
      }
    }
    complete(usage, ErrorKind.UPSTREAM_ERROR.name());
  }

  private void clientLeft() {
    if (!ending.future().isComplete()) {
      cancelUpstream().onComplete(usage -> complete(usage.succeeded() ? usage.result() : null, "client_closed"));
    }
  }

  /** Resets the upstream request and learns the usage it had reported so far. */
  Future<Usage> cancelUpstream() {
    return bus.<Usage>request(Addresses.streamControl(requestId), StreamControl.CANCEL,
      new DeliveryOptions().setSendTimeout(2000)).map(Message::body);
  }

  private void complete(Usage usage, String outcome) {
    frames.unregister();
    ending.tryComplete(new Ending(usage == null ? Usage.NONE : usage, outcome, firstByteNanos));
  }
}

package io.switchboard.providers.core;

import io.switchboard.api.Addresses;
import io.switchboard.api.PassThroughCall;
import io.switchboard.api.StreamControl;
import io.switchboard.api.StreamFrame;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * The rest of a pass-through request's body, from the ingress to the upstream, as the mirror of a response stream:
 * the ingress sends {@link StreamFrame}s on {@code sb.stream.<upload>.up} only while it holds credit, and this pump
 * grants credit on {@code ...up.ctl} as the upstream connection takes what it was given, so neither side ever holds
 * more than {@code windowBytes} of the body. The first credit goes out once the upstream connection is open and the
 * body's start written: until then the ingress may still send the whole request to another account.
 */
final class UploadPump {
  private final EventBus bus;
  private final PassThroughCall call;
  private final HttpClientRequest request;
  private final long windowBytes;
  private MessageConsumer<StreamFrame> frames;
  private long expectedSeq = 1;
  private long ungranted;
  private boolean finished;
  private boolean clientStopped;

  UploadPump(EventBus bus, PassThroughCall call, HttpClientRequest request, long windowBytes) {
    this.bus = bus;
    this.call = call;
    this.request = request;
    this.windowBytes = windowBytes;
  }

  /** Writes the body's start, asks for the rest, and completes with the upstream's answer. */
  Future<HttpClientResponse> start() {
    if (!request.headers().contains("content-length")) {
      request.setChunked(true);
    }
    frames = bus.consumer(Addresses.upload(call.uploadId()), this::onFrame);
    return frames.completion().compose(v -> {
      request.write(call.body());
      bus.send(Addresses.uploadControl(call.uploadId()), StreamControl.credit(windowBytes));
      return request.response();
    });
  }

  /** Whether the whole body has been handed to the upstream connection (or the upload has been given up). */
  boolean finished() {
    return finished;
  }

  /** Whether the client stopped sending its body (so the attempt failed through no fault of the upstream). */
  boolean clientStopped() {
    return clientStopped;
  }

  /** The upstream answered (or failed) before the body was all sent: the ingress stops sending the rest. */
  void stop() {
    if (!finished) {
      finished = true;
      bus.send(Addresses.uploadControl(call.uploadId()), StreamControl.CANCEL);
      close();
    }
  }

  private void onFrame(Message<StreamFrame> message) {
    StreamFrame frame = message.body();
    if (finished) {
      return;
    }
    if (frame.seq() != expectedSeq++) {
      finished = true; // a lost piece of the body: the upstream must not take what is left as the whole
      request.reset();
      close();
      return;
    }
    switch (frame.kind()) {
      case DATA -> write(frame.data());
      case END -> {
        finished = true;
        request.end();
        close();
      }
      case ERROR -> {
        finished = true; // the client stopped sending: the upstream must not answer a cut body
        clientStopped = true;
        request.reset();
        close();
      }
    }
  }

  private void write(Buffer data) {
    int length = data.length();
    request.write(data).onSuccess(written -> {
      ungranted += length;
      if (ungranted >= windowBytes / 4 && !finished) {
        bus.send(Addresses.uploadControl(call.uploadId()), StreamControl.credit(ungranted));
        ungranted = 0;
      }
    });
  }

  private void close() {
    if (frames != null) {
      frames.unregister();
    }
  }
}

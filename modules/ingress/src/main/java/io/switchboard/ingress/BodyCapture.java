package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.CapturedBodies;
import io.switchboard.api.Dialect;
import io.switchboard.api.Principal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;

/**
 * The bodies of one request whose key captures them (or of every request, with {@code bodies.captureAll}): the
 * request as the client sent it and the answer as the client received it, each cut at {@code bodies.maxBytes}, so
 * capturing holds no more than that of either. When the request is recorded they go to the usage role, which redacts,
 * reassembles and stores them.
 */
final class BodyCapture {
  private final int maxBytes;
  private final Buffer request;
  private final boolean requestCut;
  private final Buffer answer = Buffer.buffer();
  private boolean answerCut;

  private BodyCapture(int maxBytes, Buffer requestBody, boolean requestGoesOn) {
    this.maxBytes = maxBytes;
    Buffer body = requestBody == null ? Buffer.buffer() : requestBody;
    this.requestCut = requestGoesOn || body.length() > maxBytes;
    this.request = body.length() > maxBytes ? body.getBuffer(0, maxBytes) : body;
  }

  /** The capture of a request whose body is {@code requestBody} (its start, for a body that streams), or null. */
  static BodyCapture of(IngressSettings.BodyCaptureLimits limits, Principal principal, Buffer requestBody,
                        boolean requestGoesOn) {
    if (!limits.captureAll() && !principal.captureBodies()) {
      return null;
    }
    return new BodyCapture(limits.maxBytes(), requestBody, requestGoesOn);
  }

  /** More of the answer the client received. */
  void answer(Buffer bytes) {
    if (bytes == null || answerCut) {
      return;
    }
    int room = maxBytes - answer.length();
    if (bytes.length() > room) {
      answer.appendBuffer(bytes, 0, room);
      answerCut = true;
    } else {
      answer.appendBuffer(bytes);
    }
  }

  /** Hands the bodies to the usage role; {@code dialect} null for a pass-through request. */
  void send(EventBus bus, String requestId, long startedAtMs, long keyId, Dialect dialect, boolean stream,
            String model) {
    bus.send(Addresses.USAGE_BODIES, new CapturedBodies(requestId, startedAtMs, keyId, dialect, stream, model, request,
      requestCut, answer, answerCut));
  }
}

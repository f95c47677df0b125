package io.switchboard.providers.core;

import io.switchboard.api.ErrorClass;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.InFlight;
import io.switchboard.api.ProviderHead;
import io.vertx.core.eventbus.Message;

/**
 * One call this provider instance has in flight, from the ingress's request to its head and, when the head opened a
 * stream, to that stream's last frame. A stop waits for it; past the drain deadline it is ended here: a call still
 * waiting for its upstream is answered with a retryable failure (the ingress may try another instance), a stream
 * ends with an in-band {@code ERROR} frame. Either way the upstream request is reset and, the account having done
 * nothing wrong, no outcome is reported for it.
 */
final class OpenCall {
  /** The answer to a call this instance gave up as it stopped: retryable, so the ingress may try elsewhere. */
  static final ProviderHead STOPPING = ProviderHead.failed(503, ErrorKind.UNAVAILABLE,
    "the provider instance serving the request is stopping", null, true).withErrorClass(ErrorClass.PROVIDER_LOST);
  private final Message<?> message;
  private final InFlight.Work work;
  private UpstreamAttempt attempt;
  private StreamPump pump;
  private boolean replied;

  /** {@code message}: a {@code ProviderCall}, or a {@code PassThroughCall}. */
  OpenCall(Message<?> message, InFlight inFlight) {
    this.message = message;
    this.work = inFlight.open(this::endNow);
  }

  /** The attempt calling the upstream, once there is one. */
  void attempt(UpstreamAttempt upstream) {
    this.attempt = upstream;
  }

  /** The head about to be replied opens this stream: the call stays open until the stream has ended. */
  void streaming(StreamPump stream) {
    this.pump = stream;
    stream.onClosed(work::finished);
  }

  /** Replies the head, once; a call whose head opened a stream stays open until the stream ends. */
  void reply(ProviderHead head) {
    if (replied) {
      return;
    }
    replied = true;
    message.reply(head);
    if (pump == null || !head.ok()) {
      work.finished();
    }
  }

  private void endNow() {
    if (replied && pump != null) {
      pump.stopNow();
      return;
    }
    if (attempt != null) {
      attempt.abandon();
    }
    if (pump != null) {
      pump.abandon();
    }
    reply(STOPPING);
  }
}

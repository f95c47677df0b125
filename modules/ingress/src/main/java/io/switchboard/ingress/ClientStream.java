package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.StreamControl;
import io.switchboard.api.StreamFrame;
import io.switchboard.api.StreamTally;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Writes one stream's frames to the client as they arrive, one socket write per frame, and grants the provider
 * credit as those writes leave the gateway. A client that leaves cancels the upstream. A stream that has received
 * nothing for {@code streamLivenessMs} asks its provider whether it is still there ({@code PING}); only a provider
 * that no longer answers (its node gone, its verticle undeployed) ends the stream here, with error class
 * provider_lost: an upstream's silence is the provider's to judge. {@link #finished()} completes with how the
 * stream ended. Its {@link StreamShape} says how the answer's head looks and how a failure after it is told.
 */
final class ClientStream {
  /**
   * How a stream ended: the status the client got, what the provider had counted (usage reported, output estimated),
   * the outcome, when the first byte went out (-1 if never), and the error class of an upstream failure (null if
   * none).
   */
  record Ending(int status, StreamTally tally, String outcome, long firstByteNanos, ErrorClass errorClass) {
  }

  /** The status of a stream whose client left before its head (nginx's "client closed request"). */
  static final int CLIENT_CLOSED_REQUEST = 499;
  private static final long CANCEL_RETRY_MS = 50;
  private final Vertx vertx;
  private final EventBus bus;
  private final String requestId;
  private final HttpServerResponse response;
  private final IngressSettings settings;
  private final StreamShape shape;
  private final Promise<Ending> ending = Promise.promise();
  private MessageConsumer<StreamFrame> frames;
  private Map<String, String> headers = Map.of();
  private long expectedSeq = 1;
  private long held;
  private long ungranted;
  private long firstByteNanos = -1;
  private long lastFrameNanos = System.nanoTime();
  private long liveness = -1;
  private boolean pinging;
  private boolean headBack;
  private StreamTally lastKnown = StreamTally.NONE;
  private int status = 200;
  private ErrorClass errorClass;
  private Consumer<Buffer> watcher;
  private Predicate<Buffer> keptAnswer;
  private Supplier<Future<Void>> keep;
  private Buffer withheldTail;

  ClientStream(Vertx vertx, String requestId, HttpServerResponse response, IngressSettings settings,
               StreamShape shape) {
    this.vertx = vertx;
    this.shape = shape;
    this.bus = vertx.eventBus();
    this.requestId = requestId;
    this.response = response;
    this.settings = settings;
  }

  /**
   * Shows every frame written to the client to {@code watcher} as well (captured bodies), after any watcher given
   * before.
   */
  void watch(Consumer<Buffer> watcher) {
    this.watcher = this.watcher == null ? watcher : this.watcher.andThen(watcher);
  }

  /**
   * The answer is kept before the client sees its end (a Responses answer to store): each frame goes to
   * {@code keptAnswer} as it is written until it says the answer is whole; from that frame on the rest is withheld
   * (credited to the provider as if written, so it reaches its end), and at the stream's end {@code keep} runs and
   * the withheld bytes and the end go out once it completes. The stream's ending is counted when the upstream's end
   * arrives, not delayed.
   */
  void keepBeforeEnding(Predicate<Buffer> keptAnswer, Supplier<Future<Void>> keep) {
    this.keptAnswer = keptAnswer;
    this.keep = keep;
  }

  /** Starts listening for frames; completes once they can be delivered (cluster-wide). */
  Future<Void> listen() {
    frames = bus.consumer(Addresses.stream(requestId), this::onFrame);
    response.closeHandler(v -> clientLeft());
    return frames.completion();
  }

  /**
   * One attempt on this stream: once frames can be delivered, {@code send} hands the provider its call, watched by
   * {@code call}. Without a head (none came, or a late one), with a failed one, or when {@code answered} says the
   * client has had its answer meanwhile (the gateway stopping), the stream is given up and the failed head or
   * failure handed back; with a good one it starts, with the upstream's status when {@code upstreamStatus} (else
   * 200) and the headers {@code clientHeaders} makes of the upstream's, and ends at once if {@code call}'s node
   * leaves. Completes with null once it has started (or was given up with the client answered).
   */
  Future<ProviderHead> attempt(CallWatch.Call call, Supplier<Future<ProviderHead>> send, BooleanSupplier answered,
                               Function<Map<String, String>, Map<String, String>> clientHeaders,
                               boolean upstreamStatus) {
    return listen().compose(v -> clientGone() ? Future.succeededFuture((ProviderHead) null) : call.head(send.get()))
      .andThen(head -> headBack = true)
      .recover(failure -> {
        call.end();
        cancelUpstream(); // a late head must not leave an upstream running
        abandon();
        return Future.failedFuture(failure);
      })
      .map(head -> {
        if (head == null) { // it left before its call went out: no upstream is asked
          call.end();
          endBeforeHead(Future.succeededFuture(StreamTally.NONE));
          return null;
        }
        if (answered.getAsBoolean() || !head.ok() && !clientGone()) {
          call.end();
          if (head.ok() || call.wasLost()) {
            cancelUpstream(); // taken for lost, it may yet be running somewhere
          }
          abandon();
          return head.ok() ? null : head;
        }
        call.lost().onSuccess(this::lost);
        finished().onComplete(end -> call.end());
        if (clientGone()) { // it left while its head was on the way: its cancel failed the call, or goes now
          endBeforeHead(cancelUpstream());
          return null;
        }
        started(upstreamStatus ? head.status() : 200, clientHeaders.apply(head.headers()));
        return null;
      });
  }

  /**
   * The client left before its head: the stream ends as {@code client_closed} with status 499 (nothing was
   * answered), charged with what the provider counted when {@code cancelled} answers.
   */
  private void endBeforeHead(Future<StreamTally> cancelled) {
    status = CLIENT_CLOSED_REQUEST;
    completeAfter(cancelled, "client_closed");
  }

  /**
   * The provider accepted the stream: these upstream headers go out with the head. From now on a stream silent for
   * {@code streamLivenessMs} checks that its provider is still there.
   */
  void started(int upstreamStatus, Map<String, String> upstreamHeaders) {
    status = upstreamStatus;
    headers = upstreamHeaders;
    lastFrameNanos = System.nanoTime();
    long every = settings.streamLivenessMs();
    liveness = vertx.setPeriodic(every, id -> {
      if (!pinging && System.nanoTime() - lastFrameNanos >= every * 1_000_000 && !ending.future().isComplete()) {
        ping();
      }
    });
  }

  /**
   * The node serving this stream left the cluster: nothing more will come, so the stream ends now with an in-band
   * error, charged with what its provider last counted.
   */
  void lost(String reason) {
    if (liveness >= 0 && !ending.future().isComplete()) {
      errorClass = ErrorClass.PROVIDER_LOST;
      fail(lastKnown, reason);
    }
  }

  /** Asks the provider whether it is still there; no answer (no consumer, or none in time) ends the stream. */
  private void ping() {
    pinging = true;
    bus.<StreamTally>request(Addresses.streamControl(requestId), StreamControl.PING, settings.controlDelivery())
      .onComplete(answer -> {
        pinging = false;
        if (answer.succeeded()) {
          lastKnown = answer.result().body();
          lastFrameNanos = System.nanoTime(); // alive: its upstream is quiet, or the client has not drained
        } else if (!ending.future().isComplete()) {
          errorClass = ErrorClass.PROVIDER_LOST;
          bus.send(Addresses.streamControl(requestId), StreamControl.CANCEL); // in case it is only cut off
          fail(lastKnown, "the gateway lost the connection to the upstream of this stream");
        }
      });
  }

  Future<Ending> finished() {
    return ending.future();
  }

  /** This attempt will not stream (failed or timed out before its head): stop listening, for good. */
  void abandon() {
    response.closeHandler(null);
    ending.tryComplete(new Ending(0, StreamTally.NONE, "abandoned", -1, null));
    frames.unregister();
  }

  /** The client left before the head arrived: tell the provider to stop, if it already started. */
  boolean clientGone() {
    return response.closed();
  }

  private void onFrame(Message<StreamFrame> message) {
    StreamFrame frame = message.body();
    if (ending.future().isComplete() || response.closed() || response.ended()) {
      return; // a client that left is being cancelled; nothing more to write
    }
    lastFrameNanos = System.nanoTime();
    if (frame.seq() != expectedSeq++) {
      errorClass = ErrorClass.STREAM_ERROR;
      fail(lastKnown, "the response stream lost a frame");
      cancelUpstream();
      return;
    }
    switch (frame.kind()) {
      case DATA -> write(frame.data());
      case END -> {
        writeHeadIfNeeded();
        Buffer last = frame.data();
        if (last != null && watcher != null) {
          watcher.accept(last);
        }
        if (keep == null) {
          endWith(last);
        } else {
          if (last != null) {
            keptAnswer.test(last);
            withhold(last);
          }
          keep.get().onComplete(kept -> endWith(takeWithheldTail()));
        }
        complete(frame.tally(), "ok");
      }
      case ERROR -> {
        errorClass = frame.errorClass() == null ? ErrorClass.STREAM_ERROR : frame.errorClass();
        fail(frame.tally(), frame.error());
      }
    }
  }

  /** Ends the answer, with {@code last} (null: none) in the same write, unless the client has left. */
  private void endWith(Buffer last) {
    if (response.closed() || response.ended()) {
      return;
    }
    if (last == null) {
      response.end();
    } else {
      response.end(last); // one write: the last bytes and the stream's end
    }
  }

  private void write(Buffer data) {
    writeHeadIfNeeded();
    if (watcher != null) {
      watcher.accept(data);
    }
    int length = data.length();
    if (withheldTail != null || keptAnswer != null && keptAnswer.test(data)) {
      withhold(data); // the answer is whole: the client sees the rest and the end once it is kept
      granted(length); // in memory already: the provider goes on to its end, however large the completing event
      return;
    }
    held += length;
    StreamBuffering.held(held, length);
    response.write(data).onComplete(written -> {
      held -= length;
      StreamBuffering.held(held, -length);
      granted(length);
    });
  }

  /** {@code length} bytes are out of the provider's window: credit goes back once a quarter of it is. */
  private void granted(int length) {
    ungranted += length;
    if (ungranted >= settings.streamWindowBytes() / 4 && !ending.future().isComplete()) {
      bus.send(Addresses.streamControl(requestId), StreamControl.credit(ungranted), Addresses.STREAM_DELIVERY);
      ungranted = 0;
    }
  }

  private void withhold(Buffer data) {
    withheldTail = withheldTail == null ? data.copy() : withheldTail.appendBuffer(data);
  }

  private Buffer takeWithheldTail() {
    Buffer tail = withheldTail;
    withheldTail = null;
    return tail;
  }

  private void writeHeadIfNeeded() {
    if (firstByteNanos >= 0) {
      return;
    }
    firstByteNanos = System.nanoTime();
    headers.forEach(response::putHeader);
    shape.head(response.setStatusCode(status));
  }

  /** After the first byte nothing is retried: the failure is told in-band, as the client's SDK expects it. */
  private void fail(StreamTally tally, String message) {
    tellFailure(message);
    complete(tally, ErrorKind.UPSTREAM_ERROR.name());
  }

  /**
   * The gateway is stopping and this stream outlasted the drain: the client is told in-band now, the upstream is
   * cancelled, and the stream completes with what its provider had counted.
   */
  void shutDown(String message) {
    if (ending.future().isComplete()) {
      return;
    }
    response.closeHandler(null); // the connection closes after this answer: that is not the client leaving
    tellFailure(message);
    completeAfter(cancelUpstream(), "shutdown");
  }

  /** Ends the response with the failure in the client's dialect (message null: the client has been told already). */
  private void tellFailure(String message) {
    if (response.closed() || response.ended()) {
      return;
    }
    if (message == null) {
      writeHeadIfNeeded();
      endWith(takeWithheldTail());
    } else if (firstByteNanos < 0) {
      status = 502;
      ErrorReplies.send(response, 502, shape.errorBody(message));
    } else {
      Buffer tail = takeWithheldTail(); // whole before it failed: the client gets it, and then the failure
      if (tail != null) {
        response.write(tail);
      }
      shape.failAfterHead(response, message);
    }
  }

  /**
   * The client left: the row waits (briefly) for what the provider counted; without an answer, what is known. Before
   * the head the upstream is stopped, but the stream ends when its head comes back ({@link #attempt}): a cancel that
   * reached the provider fails the call.
   */
  private void clientLeft() {
    if (ending.future().isComplete()) {
      return;
    }
    if (liveness >= 0) {
      completeAfter(cancelUpstream(), "client_closed");
    } else {
      cancelUntilHead();
    }
  }

  /**
   * A cancel that finds no stream (the call has not reached its provider yet) is sent again until one lands or the
   * head is back, so an upstream waiting for what will never come (the rest of an upload) is not left to its limit.
   */
  private void cancelUntilHead() {
    cancelUpstream().onFailure(notThere -> {
      if (!headBack) {
        vertx.setTimer(CANCEL_RETRY_MS, id -> cancelUntilHead());
      }
    });
  }

  /** Resets the upstream request and learns what the provider had counted so far. */
  Future<StreamTally> cancelUpstream() {
    return bus.<StreamTally>request(Addresses.streamControl(requestId), StreamControl.CANCEL,
      settings.controlDelivery()).map(Message::body);
  }

  /** Completes with what the provider counted when {@code cancelled} answers; without its answer, what is known. */
  private void completeAfter(Future<StreamTally> cancelled, String outcome) {
    cancelled.onComplete(tally -> complete(tally.succeeded() ? tally.result() : lastKnown, outcome));
  }

  private void complete(StreamTally tally, String outcome) {
    frames.unregister();
    if (liveness >= 0) {
      vertx.cancelTimer(liveness);
    }
    ending.tryComplete(new Ending(status, tally == null ? StreamTally.NONE : tally, outcome, firstByteNanos,
      errorClass));
  }
}

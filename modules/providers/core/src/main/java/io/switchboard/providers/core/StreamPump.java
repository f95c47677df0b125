package io.switchboard.providers.core;

import io.micrometer.core.instrument.Counter;
import io.switchboard.api.Addresses;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.StreamControl;
import io.switchboard.api.StreamFrame;
import io.switchboard.api.StreamTally;
import io.switchboard.api.StreamTranslator;
import io.switchboard.api.Usage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays one upstream stream to the ingress as {@link StreamFrame}s. It listens for control messages from the
 * start of the call, so a {@code CANCEL} that arrives while the upstream has not answered yet still resets the
 * request. Everything the upstream delivers in one event-loop turn becomes one {@code DATA} frame (or goes with
 * {@code END}, when the upstream's answer ended in the same turn); the upstream is paused when the bytes sent and not
 * yet credited reach the ingress's window, and resumed as credit comes back.
 * An upstream that sends nothing for the idle timeout while not paused, or runs past the attempt's total timeout, is
 * reset and the stream ends with an {@code ERROR} frame naming that timeout. The attempt's outcome is reported once
 * the stream ends. The translator counts the output as it passes: {@code END}, {@code ERROR} and the answers to
 * {@code CANCEL} and {@code PING} carry that {@link StreamTally}, so the ingress can charge a stream cut short without
 * keeping its bytes.
 *
 * <p>Every timer on the stream path has one owner and fires in one place, with its own error class:
 * <pre>
 * timer              setting                          fires in                                    class
 * connect            providers.*.connectTimeoutMs     the provider's HTTP client                  connect_timeout
 * first byte         providers.*.ttfbTimeoutMs        UpstreamAttempt, until the upstream's head  ttfb_timeout
 * stream idle        providers.*.streamIdleTimeoutMs  this pump, not while paused for credit      idle_timeout
 * total              providers.*.totalTimeoutMs       UpstreamAttempt; after the head, this pump  total_timeout
 * provider reply     ingress.upstreamTimeoutMs        the ingress, waiting for the head           provider_lost
 *                    (the event-bus send timeout)
 * provider liveness  ingress.streamLivenessMs, then   the ingress: a silent stream's PING goes    provider_lost
 *                    ingress.controlTimeoutMs         unanswered
 * </pre>
 * The upstream's silence is this pump's alone to judge: the ingress never ends a stream for being quiet, only for a
 * provider that no longer answers (gone with its node, or undeployed). Its reply timeout sits above every provider's
 * total timeout, so it too only catches a provider that never answers. The HTTP client's connection idle timeout
 * ({@code idleTimeoutSeconds}, kept above the first-byte and stream idle timeouts) is only the net under them.
 */
final class StreamPump {
  /** Counts pauses for lack of credit: how often client-side backpressure reached an upstream. */
  static Counter creditStalls() {
    return Counter.builder("sb.stream.credit.stalls")
      .description("times an upstream stream was paused because the client side had not drained")
      .register(GatewayMetrics.registry());
  }

  private final Context context;
  private final EventBus bus;
  private final String requestId;
  private final String frames;
  private final Counter creditStalls;
  private final UpstreamAttempt attempt;
  private final long idleTimeoutMs;
  private long lastReadNanos;
  private long idleWatch = -1;
  private int status;
  private final List<Buffer> pending = new ArrayList<>(4);
  private MessageConsumer<StreamControl> control;
  private HttpClientRequest request;
  private HttpClientResponse response;
  private StreamTranslator translator;
  private long credit;
  private long pendingBytes;
  private long seq;
  private boolean flushScheduled;
  private boolean started;
  private boolean heldEnd;
  private Throwable heldFailure;
  private boolean paused;
  private boolean cancelled;
  private boolean finished;
  private boolean closed;
  private Runnable onClosed = () -> { };

  StreamPump(Context context, String requestId, long creditBytes, Counter creditStalls, UpstreamAttempt attempt,
             long idleTimeoutMs) {
    this.attempt = attempt;
    this.idleTimeoutMs = idleTimeoutMs;
    this.context = context;
    this.bus = context.owner().eventBus();
    this.requestId = requestId;
    this.frames = Addresses.stream(requestId);
    this.credit = creditBytes;
    this.creditStalls = creditStalls;
  }

  /** Listens for credit and cancel; completes once the control address is reachable (cluster-wide). */
  Future<Void> listen() {
    control = bus.consumer(Addresses.streamControl(requestId), this::onControl);
    return control.completion();
  }

  /** The upstream request, once sent: a cancel from now on resets it. False when the call was cancelled already. */
  boolean attach(HttpClientRequest upstream) {
    this.request = upstream;
    if (cancelled) {
      upstream.reset();
      return false;
    }
    return true;
  }

  /** The call ends without a stream (the upstream failed before its head): stop listening. */
  void abandon() {
    finished = true;
    close();
  }

  boolean cancelled() {
    return cancelled;
  }

  /**
   * Takes the upstream response. What it delivers before {@link #start()} is translated and held (its end or failure
   * too), not sent: the upstream is read on, so the connection is not paused and resumed for the turn in between,
   * and it is paused only for lack of credit, as later.
   */
  void accept(HttpClientResponse upstream, StreamTranslator streamTranslator) {
    this.response = upstream;
    this.status = upstream.statusCode();
    this.translator = streamTranslator;
    upstream.handler(this::onData);
    upstream.endHandler(v -> {
      if (started) {
        onEnd();
      } else {
        heldEnd = true;
      }
    });
    upstream.exceptionHandler(failure -> {
      if (started) {
        onUpstreamFailure(failure);
      } else {
        heldFailure = failure;
      }
    });
  }

  /** Runs once when the stream has ended, however it ended. */
  void onClosed(Runnable handler) {
    this.onClosed = handler;
  }

  /** Starts relaying; call after the head has been replied so frames follow it. */
  void start() {
    if (cancelled || finished) {
      return;
    }
    started = true;
    attempt.onStreamTimeout(this::timedOut);
    lastReadNanos = System.nanoTime();
    idleWatch = context.owner().setPeriodic(Math.max(10, idleTimeoutMs / 4), id -> {
      if (paused) {
        lastReadNanos = System.nanoTime(); // waiting for the client is not the upstream's silence
      } else if (System.nanoTime() - lastReadNanos > idleTimeoutMs * 1_000_000) {
        timedOut(ErrorClass.IDLE_TIMEOUT);
      }
    });
    if (heldFailure != null) {
      onUpstreamFailure(heldFailure);
    } else if (heldEnd) {
      onEnd();
    } else {
      flush();
    }
  }

  /** The upstream stayed silent too long, or the attempt ran out of time: reset it and end the stream. */
  private void timedOut(ErrorClass errorClass) {
    endWithError(errorClass == ErrorClass.IDLE_TIMEOUT
      ? "the upstream sent nothing for " + idleTimeoutMs + " ms before the answer was complete"
      : "the upstream did not finish its answer within " + attempt.timedOutAfterMs() + " ms", errorClass,
      () -> attempt.report(status, errorClass, java.util.Map.of(), null));
  }

  /**
   * The provider instance is stopping and this stream outlasted its drain: the upstream is reset and the stream ends
   * with an in-band {@code ERROR} frame (provider_lost); no outcome is reported, the account did nothing wrong.
   */
  void stopNow() {
    endWithError("the provider instance serving this stream stopped before the answer was complete",
      ErrorClass.PROVIDER_LOST, attempt::abandon);
  }

  /** Ends the stream early: what is pending goes out, the upstream is reset, an ERROR frame follows, then after. */
  private void endWithError(String message, ErrorClass errorClass, Runnable after) {
    if (finished) {
      return;
    }
    flush();
    finished = true;
    if (request != null) {
      request.reset();
    }
    bus.send(frames, StreamFrame.error(++seq, tally(), message, errorClass), Addresses.STREAM_DELIVERY);
    close();
    after.run();
  }

  /** What the stream has reported and counted so far. */
  private StreamTally tally() {
    return translator == null ? StreamTally.NONE
      : new StreamTally(translator.usage(), translator.estimatedOutputTokens(), translator.units());
  }

  /**
   * The tally of an answer that ended whole. When the upstream reported its output tokens they stand for the local
   * count too: nothing of the answer was withheld, and the count, which a pass-through makes only when asked, is
   * skipped.
   */
  private StreamTally wholeTally() {
    Usage reported = translator.usage();
    return reported != null && reported.outputTokens() > 0
      ? new StreamTally(reported, reported.outputTokens(), translator.units()) : tally();
  }

  private void onData(Buffer read) {
    lastReadNanos = System.nanoTime();
    Buffer ready = translator.accept(read);
    if (ready.length() == 0) {
      return;
    }
    pending.add(ready);
    pendingBytes += ready.length();
    if (pendingBytes >= credit && !paused) {
      pause();
    }
    if (!flushScheduled && started) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  private void flush() {
    flushScheduled = false;
    if (pending.isEmpty() || finished || !started) { // before the head is replied, nothing may go
      return;
    }
    Buffer data = takePending();
    credit -= data.length();
    bus.send(frames, StreamFrame.data(++seq, data), Addresses.STREAM_DELIVERY);
    if (credit <= 0 && !paused) {
      pause();
    }
  }

  /** The bytes waiting to be sent, as one buffer (null if none); they are no longer pending. */
  private Buffer takePending() {
    if (pending.isEmpty()) {
      return null;
    }
    Buffer data;
    if (pending.size() == 1) {
      data = pending.get(0);
    } else {
      data = Buffer.buffer((int) pendingBytes);
      pending.forEach(data::appendBuffer);
    }
    pending.clear();
    pendingBytes = 0;
    return data;
  }

  private void pause() {
    paused = true;
    creditStalls.increment();
    response.pause();
  }

  private void onControl(Message<StreamControl> message) {
    StreamControl ctl = message.body();
    if (ctl.kind() == StreamControl.Kind.PING) {
      message.reply(tally()); // still here
      return;
    }
    if (ctl.kind() == StreamControl.Kind.CANCEL) {
      if (!finished) {
        cancelled = true;
        finished = true;
        if (request != null) {
          request.reset();
        }
        close();
        if (response != null) {
          attempt.report(status, null, java.util.Map.of(), null); // the client left; the upstream was fine
        }
      }
      message.reply(tally());
      return;
    }
    credit += ctl.bytes();
    if (paused && credit > pendingBytes) {
      paused = false;
      response.resume();
    }
  }

  private void onEnd() {
    if (finished) {
      return;
    }
    Buffer rest = translator.finish();
    if (rest.length() > 0) {
      pending.add(rest);
      pendingBytes += rest.length();
    }
    if (translator.toldFailure() == null && translator.completed()) {
      // what is pending goes with END: the client gets the last bytes and the stream's end in one write
      finished = true;
      bus.send(frames, StreamFrame.end(++seq, wholeTally(), takePending()), Addresses.STREAM_DELIVERY);
      attempt.report(status, null, java.util.Map.of(), null);
      close();
      return;
    }
    flush();
    finished = true;
    if (translator.toldFailure() != null) {
      // the client has the upstream's error already; the frame only says how it ended (message null: write nothing)
      bus.send(frames, StreamFrame.error(++seq, tally(), null, ErrorClass.STREAM_ERROR),
        Addresses.STREAM_DELIVERY);
      attempt.report(status, ErrorClass.STREAM_ERROR, java.util.Map.of(), null);
    } else {
      bus.send(frames, StreamFrame.error(++seq, tally(),
        "the upstream ended the stream before the answer was complete", ErrorClass.STREAM_ERROR),
        Addresses.STREAM_DELIVERY);
      attempt.report(status, ErrorClass.STREAM_ERROR, java.util.Map.of(), null);
    }
    close();
  }

  private void onUpstreamFailure(Throwable failure) {
    if (finished) {
      return;
    }
    if (translator.completed()) {
      onEnd(); // the answer was whole: a connection dropped after its last event is no failure
      return;
    }
    boolean idle = failure instanceof java.util.concurrent.TimeoutException;
    ErrorClass errorClass = idle ? ErrorClass.IDLE_TIMEOUT : ErrorClass.STREAM_ERROR;
    endWithError(idle ? "the upstream stopped sending before the answer was complete (idle timeout)"
      : "the upstream connection closed before the answer was complete", errorClass,
      () -> attempt.report(status, errorClass, java.util.Map.of(), null));
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    onClosed.run();
    if (idleWatch >= 0) {
      context.owner().cancelTimer(idleWatch);
    }
    if (control != null) {
      control.unregister();
    }
  }
}

package io.switchboard.providers.core;

import io.switchboard.api.Addresses;
import io.switchboard.api.Candidate;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.Outcome;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.ProviderKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call to one upstream account: its time-to-first-byte and total timers, and the {@link Outcome} it publishes
 * exactly once when it ends (head failure, whole answer, or end of stream). A timer that fires resets the upstream
 * request; before the head the attempt then fails with that timer's error class, after it the stream is told.
 */
final class UpstreamAttempt {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamAttempt.class);
  private final Vertx vertx;
  private final String requestId;
  private final Candidate candidate;
  private final ProviderKind kind;
  private final Timeouts timeouts;
  private final Consumer<Outcome> observer;
  private final long startNanos = System.nanoTime();
  private long headNanos = -1;
  private HttpClientRequest request;
  private ErrorClass timedOut;
  private long timer = -1;
  private boolean reported;
  private boolean abandoned;
  private Consumer<ErrorClass> streamTimeout;

  /** The limits of one attempt, in milliseconds. */
  record Timeouts(long ttfbMs, long totalMs) {
  }

  UpstreamAttempt(Vertx vertx, String requestId, Candidate candidate, ProviderKind kind, Timeouts timeouts,
                  Consumer<Outcome> observer) {
    this.vertx = vertx;
    this.requestId = requestId;
    this.candidate = candidate;
    this.kind = kind;
    this.timeouts = timeouts;
    this.observer = observer;
    arm(nextLimitMs());
  }

  /** The limit the timer waits for, from the start: the earlier one until the head arrives, then the total. */
  private long nextLimitMs() {
    return headNanos < 0 ? Math.min(timeouts.ttfbMs(), timeouts.totalMs()) : timeouts.totalMs();
  }

  /**
   * The attempt's one timer (not one per limit, each set and cancelled per call): it first fires at the earlier
   * limit; whichever limit has passed then fires (the first byte's only while no head has arrived), else it is set
   * again for the total limit's rest.
   */
  private void arm(long ms) {
    timer = vertx.setTimer(ms, id -> {
      timer = -1;
      if (reported || timedOut != null) {
        return;
      }
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      if (headNanos < 0 && elapsedMs >= timeouts.ttfbMs()) {
        fire(ErrorClass.TTFB_TIMEOUT);
      } else if (elapsedMs >= timeouts.totalMs()) {
        fire(ErrorClass.TOTAL_TIMEOUT);
      } else {
        arm(nextLimitMs() - elapsedMs);
      }
    });
  }

  /** The upstream request, once created: a timer that already fired resets it at once. */
  void attach(HttpClientRequest upstream) {
    request = upstream;
    // its failures reach the response's future, which the call handles; without a handler Vert.x logs each reset
    // (a client that left before the upstream answered) as an error of its own
    upstream.exceptionHandler(failure -> { });
    if (timedOut != null || abandoned) {
      upstream.reset();
    }
  }

  /**
   * The provider is stopping and gives this attempt up: the upstream request is reset and no outcome is reported
   * (the account did nothing wrong).
   */
  void abandon() {
    if (reported) {
      return;
    }
    reported = true;
    abandoned = true;
    vertx.cancelTimer(timer);
    if (request != null) {
      request.reset();
    }
  }

  /** True once the provider gave this attempt up as it stopped. */
  boolean abandoned() {
    return abandoned;
  }

  /** The upstream's status line and headers arrived. */
  void headArrived() {
    headNanos = System.nanoTime(); // from now on the timer's next firing counts only the total limit
  }

  /** The error class of the timer that fired (TTFB_TIMEOUT, TOTAL_TIMEOUT), or null. */
  ErrorClass timedOut() {
    return timedOut;
  }

  /** How long the timer that fired had allowed. */
  long timedOutAfterMs() {
    return timedOut == ErrorClass.TTFB_TIMEOUT ? timeouts.ttfbMs() : timeouts.totalMs();
  }

  /**
   * The head of this attempt: {@code attempted} as it came, or when it failed without an upstream answer, a failed
   * head naming the timer that fired or the failure, with its outcome reported. An attempt the client cancelled
   * before the upstream answered stays failed: nobody waits for its head.
   */
  Future<ProviderHead> settle(Future<ProviderHead> attempted) {
    return attempted.recover(failure -> {
      if (failure instanceof StreamCancelled) {
        return Future.failedFuture(failure); // nobody waits for this head, and the upstream said nothing
      }
      if (abandoned) {
        return Future.succeededFuture(OpenCall.STOPPING); // answered already, as the instance stops
      }
      ProviderHead head = timedOut != null ? UpstreamFailures.ofTimeout(timedOut, timedOutAfterMs())
        : UpstreamFailures.ofThrowable(failure);
      report(0, head.errorClass(), Map.of(), null);
      return Future.succeededFuture(head);
    });
  }

  /** After the head, a fired total timer goes to the stream, which resets the upstream and tells the client. */
  void onStreamTimeout(Consumer<ErrorClass> handler) {
    streamTimeout = handler;
  }

  private void fire(ErrorClass errorClass) {
    if (reported || timedOut != null) {
      return;
    }
    timedOut = errorClass;
    LOG.info("upstream attempt {} on account {} timed out: {}", requestId, candidate.accountId(), errorClass);
    if (headNanos >= 0 && streamTimeout != null) {
      streamTimeout.accept(errorClass);
    } else if (request != null) {
      request.reset();
    }
  }

  /**
   * Publishes how the attempt went, once: {@code status} is the upstream's (0 when none arrived), {@code errorClass}
   * null on success; {@code headers} the upstream's back-off headers, {@code body} the start of a scrubbed error body.
   */
  void report(int status, ErrorClass errorClass, Map<String, String> headers, String body) {
    if (reported) {
      return;
    }
    reported = true;
    vertx.cancelTimer(timer);
    long now = System.nanoTime();
    Outcome outcome = new Outcome(requestId, candidate.accountId(), kind, candidate.upstreamModel(),
      status, errorClass, TimeUnit.NANOSECONDS.toMillis(now - startNanos),
      headNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(headNanos - startNanos), headers,
      body == null || body.length() <= 2048 ? body : body.substring(0, 2048), System.currentTimeMillis());
    if (errorClass != null) {
      LOG.info("upstream attempt {} on account {} failed: {} (HTTP {})", requestId, candidate.accountId(), errorClass,
        status);
    }
    observer.accept(outcome);
    vertx.eventBus().publish(Addresses.OUTCOME, outcome);
  }
}

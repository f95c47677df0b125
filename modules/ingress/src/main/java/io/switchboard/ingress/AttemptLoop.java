package io.switchboard.ingress;

import io.switchboard.api.Candidate;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.RateLimitReset;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Walks one request's candidate accounts under a {@link RetryPolicy}: first every account once, moving on at once
 * after a retryable failure, then the accounts that may be retried, each after its back-off and Retry-After. Stops at
 * the first attempt that answers the client, at a failure that is not retryable, when attempts or the deadline run
 * out, or when the client has gone (a client that leaves during a back-off ends the wait at once, so its row and
 * its admission's release come then). Only attempts before a response has begun are made here; a stream that has
 * begun is never retried.
 */
final class AttemptLoop {
  /**
   * One attempt at one account: completes with null when the client has its answer, else with the failed head.
   * {@code lastFailure}: why the attempt before it failed (null for the first), for the row of a client that left
   * meanwhile.
   */
  interface Attempt {
    Future<ProviderHead> run(Candidate candidate, ErrorClass lastFailure);
  }

  /** How the loop ended without an answer: the last failure, whether every account was rate limited and until when. */
  record Failure(ProviderHead last, Candidate candidate, int attempts, boolean allRateLimited, long shortestWaitMs) {
  }

  private final Vertx vertx;
  private final RetryPolicy policy;
  private final List<Candidate> candidates;
  private final long deadlineNanos;
  private final HttpServerResponse response;
  private final BooleanSupplier answered;
  private final ProviderHead[] lastHead;
  private final long[] availableAtMs; // when each account may be tried again (Retry-After), 0: any time
  private final boolean[] retriedAfterRateLimit;
  private int attempts;
  private ErrorClass lastFailure;
  private int backOffs;
  private int next;

  /** {@code answered}: whether the client has had an answer meanwhile (the gateway stopping). */
  AttemptLoop(Vertx vertx, RetryPolicy policy, List<Candidate> candidates, long startNanos,
              HttpServerResponse response, BooleanSupplier answered) {
    this.vertx = vertx;
    this.policy = policy;
    this.candidates = candidates;
    this.deadlineNanos = startNanos + policy.deadlineMs() * 1_000_000;
    this.response = response;
    this.answered = answered;
    this.lastHead = new ProviderHead[candidates.size()];
    this.availableAtMs = new long[candidates.size()];
    this.retriedAfterRateLimit = new boolean[candidates.size()];
  }

  /** Completes with null once an attempt answered the client, else with how the attempts failed. */
  Future<Failure> run(Attempt attempt) {
    return step(attempt, 0, 0);
  }

  /** Runs the attempts; when none answered the client, {@code answerFailure} does. */
  Future<Void> run(Attempt attempt, Consumer<Failure> answerFailure) {
    return run(attempt).map(failure -> {
      if (failure != null) {
        answerFailure.accept(failure);
      }
      return null;
    });
  }

  private Future<Failure> step(Attempt attempt, int index, long delayMs) {
    Future<Void> wait = delayMs <= 0 ? Future.succeededFuture() : sleep(delayMs);
    return wait.compose(v -> attempt.run(candidates.get(index), lastFailure)).compose(head -> {
      if (head == null) {
        return Future.succeededFuture(null);
      }
      attempts++;
      lastHead[index] = head;
      lastFailure = head.errorClass();
      long now = System.currentTimeMillis();
      if (head.errorClass() == ErrorClass.RATE_LIMITED) {
        long waitMs = RateLimitReset.waitMs(head.headers(), now);
        availableAtMs[index] = waitMs < 0 ? 0 : now + waitMs;
      }
      if (!head.retryable() || attempts >= policy.maxAttempts() || response.closed() || answered.getAsBoolean()) {
        return Future.succeededFuture(failure(index, now));
      }
      next = Math.max(next, index + 1);
      if (policy.switches(head) && next < candidates.size()) {
        RequestMetrics.failover(candidates.get(index));
        return step(attempt, next, 0);
      }
      int retry = retryable(now);
      if (retry < 0) {
        return Future.succeededFuture(failure(index, now));
      }
      long delay = Math.max(policy.backOffMs(backOffs++, ThreadLocalRandom.current()), availableAtMs[retry] - now);
      if (System.nanoTime() + delay * 1_000_000 > deadlineNanos) {
        return Future.succeededFuture(failure(index, now));
      }
      if (lastHead[retry].errorClass() == ErrorClass.RATE_LIMITED) {
        retriedAfterRateLimit[retry] = true;
      }
      RequestMetrics.retry(candidates.get(retry));
      return step(attempt, retry, delay);
    });
  }

  /** The tried account to try again that is available soonest, or -1: none may be. */
  private int retryable(long now) {
    int best = -1;
    for (int i = 0; i < next && i < candidates.size(); i++) {
      ProviderHead head = lastHead[i];
      if (head == null || !RetryPolicy.sameAccountMayRetry(head)) {
        continue;
      }
      boolean limited = head.errorClass() == ErrorClass.RATE_LIMITED;
      if (limited && (retriedAfterRateLimit[i] || availableAtMs[i] - now > policy.maxRetryAfterMs())) {
        continue; // a rate-limited account gets one more try, and only if its reset is near
      }
      if (best < 0 || availableAtMs[i] < availableAtMs[best]) {
        best = i;
      }
    }
    return best;
  }

  private Failure failure(int index, long now) {
    boolean allRateLimited = true;
    long shortest = Long.MAX_VALUE;
    for (int i = 0; i < candidates.size(); i++) {
      ProviderHead head = lastHead[i];
      if (head == null) {
        continue; // never tried (attempts ran out): says nothing
      }
      if (head.errorClass() != ErrorClass.RATE_LIMITED) {
        allRateLimited = false;
      } else if (availableAtMs[i] > 0) {
        shortest = Math.min(shortest, Math.max(0, availableAtMs[i] - now));
      }
    }
    return new Failure(lastHead[index], candidates.get(index), attempts, allRateLimited,
      shortest == Long.MAX_VALUE ? -1 : shortest);
  }

  /** Waits {@code ms}, or until the client leaves (no attempt is watching it meanwhile). */
  private Future<Void> sleep(long ms) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(ms, id -> done.tryComplete());
    response.closeHandler(left -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future().andThen(woken -> response.closeHandler(null));
  }
}

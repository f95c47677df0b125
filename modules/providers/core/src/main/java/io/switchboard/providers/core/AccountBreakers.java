package io.switchboard.providers.core;

import io.switchboard.api.Addresses;
import io.switchboard.api.CircuitState;
import io.switchboard.api.Outcome;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per account (vertx-circuit-breaker): a {@link FailureWindow} fed by every attempt's
 * {@link Outcome} decides when it opens; after {@code openMs} it half-opens and one probe request goes through it,
 * closing it on success and opening it again on failure. Every change is published as a {@link CircuitState}, so the
 * schedulers of every node skip the account while it is not closed.
 */
final class AccountBreakers {
  private static final Logger LOG = LoggerFactory.getLogger(AccountBreakers.class);

  private final Vertx vertx;
  private final FailureWindow.Limits limits;
  private final long openMs;
  private final LongFunction<Future<Boolean>> probe;
  private final Map<Long, Breaker> byAccount = new HashMap<>();

  private record Breaker(CircuitBreaker circuit, FailureWindow window) {
  }

  /** {@code probe} sends one minimal request through an account and says whether it succeeded. */
  AccountBreakers(Vertx vertx, FailureWindow.Limits limits, long openMs, LongFunction<Future<Boolean>> probe) {
    this.vertx = vertx;
    this.limits = limits;
    this.openMs = openMs;
    this.probe = probe;
  }

  /** True when the account's circuit lets a request through. */
  boolean allows(long accountId) {
    Breaker breaker = byAccount.get(accountId);
    return breaker == null || breaker.circuit().state() == CircuitBreakerState.CLOSED;
  }

  /** Counts one attempt; may open the account's circuit. */
  void record(Outcome outcome) {
    boolean failed = outcome.errorClass() != null;
    if (failed && !outcome.errorClass().countsTowardCircuit()) {
      return; // rate limits, refused keys, client errors: health statuses and the client deal with those
    }
    Breaker breaker = byAccount.computeIfAbsent(outcome.accountId(), this::create);
    if (breaker.circuit().state() == CircuitBreakerState.CLOSED && breaker.window().record(failed, outcome.atEpochMs())) {
      LOG.warn("account {}: circuit opens after {}", outcome.accountId(), outcome.errorClass());
      breaker.circuit().open();
    }
  }

  /** A health probe through the account succeeded: its circuit closes at once. */
  void probeSucceeded(long accountId) {
    Breaker breaker = byAccount.get(accountId);
    if (breaker != null && breaker.circuit().state() != CircuitBreakerState.CLOSED) {
      breaker.circuit().reset();
    }
  }

  void close() {
    byAccount.values().forEach(b -> b.circuit().close());
    byAccount.clear();
  }

  private Breaker create(long accountId) {
    CircuitBreaker circuit = CircuitBreaker.create("account-" + accountId, vertx, new CircuitBreakerOptions()
      .setMaxFailures(Integer.MAX_VALUE) // the failure window decides; the breaker keeps the states and the timer
      .setTimeout(-1)
      .setResetTimeout(openMs)
      .setNotificationAddress(null));
    FailureWindow window = new FailureWindow(limits);
    circuit.openHandler(v -> {
      window.clear();
      publish(accountId, CircuitState.OPEN);
    });
    circuit.halfOpenHandler(v -> {
      publish(accountId, CircuitState.HALF_OPEN);
      circuit.<Boolean>execute(() -> probe.apply(accountId)
          .compose(ok -> ok ? Future.succeededFuture(true) : Future.failedFuture("probe failed")))
        .onFailure(failure -> LOG.info("account {}: half-open probe failed, circuit stays open", accountId));
    });
    circuit.closeHandler(v -> {
      window.clear();
      LOG.info("account {}: circuit closed", accountId);
      publish(accountId, CircuitState.CLOSED);
    });
    return new Breaker(circuit, window);
  }

  private void publish(long accountId, String state) {
    vertx.eventBus().publish(Addresses.CIRCUIT_STATE, new CircuitState(accountId, state, System.currentTimeMillis()));
  }
}

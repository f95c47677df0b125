package io.switchboard.admin;

import io.switchboard.api.Addresses;
import io.switchboard.api.CircuitState;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest circuit-breaker state the admin role heard of per account. Adapters publish every change on
 * {@link Addresses#CIRCUIT_STATE} across the cluster; an account never heard of is closed, as every breaker
 * starts (an admin started after a breaker opened learns of it at its next change).
 */
final class CircuitStates {
  private final Map<Long, CircuitState> latest = new ConcurrentHashMap<>();
  private MessageConsumer<CircuitState> consumer;

  Future<Void> listen(EventBus bus) {
    consumer = bus.consumer(Addresses.CIRCUIT_STATE, message -> latest.merge(message.body().accountId(),
      message.body(), (old, now) -> now.atEpochMs() >= old.atEpochMs() ? now : old));
    return consumer.completion();
  }

  /** The account's newest state, or null when none was heard of (closed). */
  CircuitState of(long accountId) {
    return latest.get(accountId);
  }

  Future<Void> close() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}

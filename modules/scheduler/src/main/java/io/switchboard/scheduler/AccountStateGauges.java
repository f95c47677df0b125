package io.switchboard.scheduler;

import io.micrometer.core.instrument.Gauge;
import io.switchboard.api.CircuitState;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.LabelValues;
import io.switchboard.store.Account;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every known account's state as this process's schedulers see it: {@code sb_account_status{account, status}} (1 for
 * the status the account is in, 0 for the others) and {@code sb_account_circuit_state{account}} (0 closed,
 * 1 half-open, 2 open). Accounts are the scheduler's own rows, at most {@link #MAX_ACCOUNTS} of them.
 */
final class AccountStateGauges {
  static final int MAX_ACCOUNTS = 200;
  static final List<String> STATUSES = List.of("active", "rate_limited", "overloaded", "invalid", "disabled", "banned");
  private static final LabelValues NAMES = new LabelValues(MAX_ACCOUNTS);
  private static final Map<String, State> ACCOUNTS = new ConcurrentHashMap<>();

  private record State(AtomicReference<String> status, AtomicInteger circuit) {
  }

  private AccountStateGauges() {
  }

  /** Sets every account's gauges from what {@code health} says now. */
  static void update(Collection<Account> accounts, AccountHealthTracker health, long nowMs) {
    for (Account account : accounts) {
      String name = NAMES.known(account.name());
      if (LabelValues.OTHER.equals(name)) {
        continue;
      }
      State state = ACCOUNTS.computeIfAbsent(name, AccountStateGauges::register);
      state.status().set(health.status(account, nowMs));
      state.circuit().set(switch (health.circuitOf(account.id())) {
        case CircuitState.OPEN -> 2;
        case CircuitState.HALF_OPEN -> 1;
        default -> 0;
      });
    }
  }

  private static State register(String account) {
    State state = new State(new AtomicReference<>("active"), new AtomicInteger());
    for (String status : STATUSES) {
      Gauge.builder("sb.account.status", state, s -> status.equals(s.status().get()) ? 1 : 0)
        .tag("account", account).tag("status", status)
        .description("1 for the status an account is in (temporary states included), else 0")
        .register(GatewayMetrics.registry());
    }
    Gauge.builder("sb.account.circuit.state", state, s -> s.circuit().get()).tag("account", account)
      .description("an account's circuit breaker: 0 closed, 1 half-open, 2 open").register(GatewayMetrics.registry());
    return state;
  }
}

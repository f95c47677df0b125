package io.switchboard.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.ErrorClass;
import io.switchboard.api.Outcome;
import io.switchboard.api.ProviderKind;
import io.switchboard.store.Account;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Inside a priority tier, each group strategy orders the accounts by what the scheduler has seen of them. */
class StrategyOrderTest {
  private final Random random = new Random(3);
  private final AccountStats stats = new AccountStats(60_000);
  private final CandidateOrder order = new CandidateOrder();
  private final List<Account> tier = List.of(account(1, 0), account(2, 0), account(3, 0));

  private static Account account(long id, int priority) {
    return new Account(id, "a" + id, "openai", "http://x", null, List.of("m"), Map.of(), new JsonObject(), priority, 1,
      "active");
  }

  private static Outcome outcome(String requestId, long accountId, ErrorClass errorClass, long ttfbMs, long at) {
    return new Outcome(requestId, accountId, ProviderKind.OPENAI, "m", errorClass == null ? 200 : 500, errorClass, ttfbMs,
      ttfbMs, Map.of(), null, at);
  }

  private List<Long> ids(String strategy, List<Account> accounts) {
    return order.order(accounts, strategy, stats, random, "g|m", 1000).stream().map(Account::id).toList();
  }

  @Test
  void roundRobinRotatesThroughTheTier() {
    List<Long> leaders = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      leaders.add(ids("round_robin", tier).get(0));
    }
    assertEquals(List.of(1L, 2L, 3L, 1L, 2L, 3L), leaders);
  }

  @Test
  void lowestLatencyLeadsWithTheFastestMeasuredAccount() {
    stats.record(outcome("r1", 1, null, 900, 0));
    stats.record(outcome("r2", 2, null, 100, 0));
    stats.record(outcome("r3", 3, null, 400, 0));
    assertEquals(List.of(2L, 3L, 1L), ids("lowest_latency", tier));
  }

  @Test
  void fewestErrorsAndLeastInFlight() {
    stats.record(outcome("e1", 1, ErrorClass.SERVER_ERROR, -1, 900));
    stats.record(outcome("e2", 1, ErrorClass.SERVER_ERROR, -1, 900));
    stats.record(outcome("e3", 3, ErrorClass.CONNECT, -1, 900));
    assertEquals(List.of(2L, 3L, 1L), ids("fewest_errors", tier));

    stats.planned("p1", 2, 1000);
    stats.planned("p2", 2, 1000);
    stats.planned("p3", 1, 1000);
    assertEquals(List.of(3L, 1L, 2L), ids("least_in_flight", tier));
    stats.record(outcome("p1", 2, null, 50, 1100));
    stats.record(outcome("p2", 2, null, 50, 1100));
    assertEquals(2L, ids("least_in_flight", List.of(account(1, 0), account(2, 0))).get(0), "finished requests leave");
  }

  @Test
  void tiersStillComeFirstWhateverTheStrategy() {
    List<Account> mixed = List.of(account(1, 0), account(2, 5), account(3, 0));
    stats.record(outcome("r1", 2, null, 5000, 0));
    assertEquals(2L, ids("lowest_latency", mixed).get(0));
    assertEquals(2L, ids("round_robin", mixed).get(0));
  }
}

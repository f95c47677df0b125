package io.switchboard.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.store.Account;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order in which a request tries the accounts that serve its model. */
class CandidateOrderTest {
  private static final int ROUNDS = 20_000;

  private static Account account(long id, int priority, int weight) {
    return new Account(id, "acct-" + id, "openai", "https://api.openai.com", new byte[] {1, 2, 3},
      List.of("gpt-4o"), java.util.Map.of(), new io.vertx.core.json.JsonObject(), priority, weight, "active");
  }

  @Test
  void higherPriorityTiersAlwaysComeFirstAndNoAccountIsLostOrRepeated() {
    List<Account> accounts = List.of(account(1, 0, 100), account(2, 10, 1), account(3, 5, 7), account(4, 10, 3),
      account(5, 0, 1), account(6, -1, 50), account(7, 5, 1), account(8, 10, 1));
    Random random = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      List<Account> input = new ArrayList<>(accounts);
      Collections.shuffle(input, random);
      List<Account> snapshot = List.copyOf(input);

      List<Account> ordered = CandidateOrder.order(input, random);

      assertEquals(snapshot, input, "the caller's list was changed");
      assertEquals(accounts.size(), ordered.size());
      Map<Account, Integer> seen = new IdentityHashMap<>();
      ordered.forEach(a -> seen.merge(a, 1, Integer::sum));
      for (Account a : accounts) {
        assertEquals(1, seen.getOrDefault(a, 0), a + " in " + ordered);
      }
      for (int i = 1; i < ordered.size(); i++) {
        assertTrue(ordered.get(i - 1).priority() >= ordered.get(i).priority(),
          "priority " + ordered.get(i).priority() + " after " + ordered.get(i - 1).priority() + " in " + ordered);
      }
    }
  }

  @Test
  void singleAndEmptyInputs() {
    Account only = account(1, 3, 2);
    assertEquals(List.of(only), CandidateOrder.order(List.of(only), new Random(1)));
    assertEquals(List.of(), CandidateOrder.order(List.of(), new Random(1)));
  }

  @Test
  void weightThreeLeadsItsTierThreeTimesAsOftenAsWeightOne() {
    Account light = account(1, 5, 1);
    Account heavy = account(2, 5, 3);
    Account fallback = account(3, 0, 1000); // a lower tier never leads, however heavy
    assertLeadShare(List.of(light, heavy, fallback), heavy, 0.72, 0.78);
    assertLeadShare(List.of(fallback, heavy, light), heavy, 0.72, 0.78);
  }

  @Test
  void equalWeightsLeadEquallyOften() {
    Account a = account(1, 5, 4);
    Account b = account(2, 5, 4);
    assertLeadShare(List.of(a, b), a, 0.48, 0.52);
    assertLeadShare(List.of(a, b), b, 0.48, 0.52);
  }

  @Test
  void threeWeightsLeadInProportion() {
    Account one = account(1, 0, 1);
    Account two = account(2, 0, 2);
    Account five = account(3, 0, 5);
    assertLeadShare(List.of(one, two, five), one, 0.105, 0.145); // 1/8
    assertLeadShare(List.of(one, two, five), two, 0.23, 0.27); // 2/8
    assertLeadShare(List.of(one, two, five), five, 0.60, 0.65); // 5/8
  }

  private static void assertLeadShare(List<Account> accounts, Account expectedLeader, double min, double max) {
    Random random = new Random(20_240_611L);
    int leads = 0;
    for (int i = 0; i < ROUNDS; i++) {
      List<Account> ordered = CandidateOrder.order(accounts, random);
      if (ordered.get(0) == expectedLeader) {
        leads++;
      }
      assertTrue(ordered.get(ordered.size() - 1).priority() <= ordered.get(0).priority());
    }
    double share = leads / (double) ROUNDS;
    assertTrue(share >= min && share <= max,
      expectedLeader + " led " + share + " of orderings, expected " + min + ".." + max);
  }
}

package io.switchboard.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.store.Account;
import io.switchboard.store.AccountQuota;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** remaining_quota: inside a tier, an account leads in proportion to what is left of its quota. */
class QuotaOrderTest {
  private final CandidateOrder order = new CandidateOrder();

  private static Account account(long id, Long limit, long used) {
    return new Account(id, "a" + id, "openai", "http://x", null, List.of("m"), Map.of(), new JsonObject(), 0, 1,
      "active", List.of("default"), null, (Instant) null,
      limit == null ? null : new AccountQuota("requests", "day", limit, used));
  }

  private Map<Long, Integer> leaders(List<Account> tier, int rounds) {
    Random random = new Random(7);
    Map<Long, Integer> led = new HashMap<>();
    for (int i = 0; i < rounds; i++) {
      led.merge(order.order(tier, "remaining_quota", null, random, "g|m", 0).get(0).id(), 1, Integer::sum);
    }
    return led;
  }

  @Test
  void anAccountLeadsInProportionToWhatIsLeftOfItsQuota() {
    Map<Long, Integer> led = leaders(List.of(account(1, 1000L, 750), account(2, 1000L, 0)), 10_000);
    // 250 left against 1000: the first leads a fifth of the time
    assertEquals(0.2, led.get(1L) / 10_000.0, 0.02, led.toString());
  }

  @Test
  void aSpentQuotaNeverLeadsAndNoQuotaWeighsAsTheFullest() {
    Map<Long, Integer> led = leaders(List.of(account(1, 100L, 100), account(2, 1000L, 600), account(3, null, 0)),
      10_000);
    assertEquals(null, led.get(1L), "a spent quota never leads: " + led);
    assertEquals(0.5, led.get(3L) / 10_000.0, 0.03, "no quota weighs as the fullest (400 left): " + led);
    assertTrue(order.order(List.of(account(1, 5L, 5), account(2, 5L, 0)), "remaining_quota", null, new Random(1), "",
      0).get(1).id() == 1, "the spent one goes last");
  }

  @Test
  void quotasOfBillionsOfTokensStillWeigh() {
    Map<Long, Integer> led = leaders(List.of(account(1, 4_000_000_000L, 3_000_000_000L),
      account(2, 4_000_000_000L, 1_000_000_000L)), 10_000);
    assertEquals(0.25, led.get(1L) / 10_000.0, 0.02, led.toString());
  }
}

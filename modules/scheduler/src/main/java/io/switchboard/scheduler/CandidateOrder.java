package io.switchboard.scheduler;

import io.switchboard.store.Account;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * Orders the accounts that serve a model: higher priority tiers first; inside a tier by the group's strategy —
 * {@code weighted} random (an account of weight 3 leads three times as often as one of weight 1), {@code round_robin},
 * {@code least_in_flight}, {@code lowest_latency} (EWMA of time to first byte), {@code fewest_errors} (recent
 * failures) or {@code remaining_quota} (random weighted by what is left of each account's quota; an account without
 * a quota weighs as the fullest of its tier). The measured strategies break ties by weighted random.
 */
final class CandidateOrder {
  private final Map<String, Integer> rounds = new HashMap<>();
  private final ToLongFunction<Account> remaining;

  /** Quotas as the account rows say. */
  CandidateOrder() {
    this(a -> a.quota() == null ? Long.MAX_VALUE : a.quota().remaining());
  }

  /** {@code remaining}: what is left of an account's quota, {@link Long#MAX_VALUE} for none. */
  CandidateOrder(ToLongFunction<Account> remaining) {
    this.remaining = remaining;
  }

  /** Weighted random inside each tier. */
  static List<Account> order(List<Account> accounts, RandomGenerator random) {
    return new CandidateOrder().order(accounts, "weighted", null, random, "", 0);
  }

  /** {@code roundKey} names the rotation a round-robin tier belongs to (group and model). */
  List<Account> order(List<Account> accounts, String strategy, AccountStats stats, RandomGenerator random,
                      String roundKey, long nowMs) {
    TreeMap<Integer, List<Account>> tiers = new TreeMap<>(Comparator.reverseOrder());
    for (Account account : accounts) {
      tiers.computeIfAbsent(account.priority(), p -> new ArrayList<>()).add(account);
    }
    List<Account> ordered = new ArrayList<>(accounts.size());
    for (Map.Entry<Integer, List<Account>> tier : tiers.entrySet()) {
      List<Account> shuffled = weightedShuffle(tier.getValue(), random);
      ordered.addAll(switch (strategy) {
        case "round_robin" -> rotate(tier.getValue(), roundKey + "|" + tier.getKey());
        case "least_in_flight" -> sorted(shuffled, Comparator.comparingInt(a -> stats.inFlight(a.id())));
        case "lowest_latency" -> sorted(shuffled, Comparator.comparingDouble(a -> stats.ttfbMs(a.id())));
        case "fewest_errors" -> sorted(shuffled, Comparator.comparingDouble(a -> stats.recentErrors(a.id(), nowMs)));
        case "remaining_quota" -> byRemainingQuota(tier.getValue(), random);
        default -> shuffled;
      });
    }
    return ordered;
  }

  private List<Account> rotate(List<Account> tier, String key) {
    List<Account> byId = new ArrayList<>(tier);
    byId.sort(Comparator.comparingLong(Account::id));
    int start = Math.floorMod(rounds.merge(key, 1, Integer::sum) - 1, byId.size());
    List<Account> out = new ArrayList<>(byId.size());
    for (int i = 0; i < byId.size(); i++) {
      out.add(byId.get((start + i) % byId.size()));
    }
    return out;
  }

  private static List<Account> sorted(List<Account> tier, Comparator<Account> by) {
    List<Account> out = new ArrayList<>(tier);
    out.sort(by); // stable: equal accounts keep their weighted-random order
    return out;
  }

  /** Weighted random by remaining quota; in logs (ln u / w), so quotas of billions of tokens stay exact enough. */
  private List<Account> byRemainingQuota(List<Account> tier, RandomGenerator random) {
    long fullest = tier.stream().mapToLong(remaining).filter(r -> r != Long.MAX_VALUE).max().orElse(1);
    Map<Account, Double> keys = new HashMap<>();
    for (Account account : tier) {
      long left = remaining.applyAsLong(account);
      double weight = left == Long.MAX_VALUE ? Math.max(1, fullest) : left;
      keys.put(account, weight <= 0 ? Double.NEGATIVE_INFINITY : Math.log(random.nextDouble()) / weight);
    }
    List<Account> out = new ArrayList<>(tier);
    out.sort(Comparator.comparingDouble(keys::get).reversed());
    return out;
  }

  /** Efraimidis–Spirakis: sort by u^(1/w) descending, a weighted sample without replacement. */
  private static List<Account> weightedShuffle(List<Account> tier, RandomGenerator random) {
    if (tier.size() == 1) {
      return tier;
    }
    double[] keys = new double[tier.size()];
    Integer[] index = new Integer[tier.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = Math.pow(random.nextDouble(), 1.0 / Math.max(1, tier.get(i).weight()));
      index[i] = i;
    }
    java.util.Arrays.sort(index, (a, b) -> Double.compare(keys[b], keys[a]));
    List<Account> out = new ArrayList<>(tier.size());
    for (Integer i : index) {
      out.add(tier.get(i));
    }
    return out;
  }
}

package io.switchboard.scheduler;

import io.switchboard.store.Account;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Orders the accounts that serve a model: higher priority tiers first; inside a tier a weighted random
 * permutation, so an account of weight 3 leads three times as often as one of weight 1.
 */
final class CandidateOrder {
  private CandidateOrder() {
  }

  static List<Account> order(List<Account> accounts, RandomGenerator random) {
    TreeMap<Integer, List<Account>> tiers = new TreeMap<>(Comparator.reverseOrder());
    for (Account account : accounts) {
      tiers.computeIfAbsent(account.priority(), p -> new ArrayList<>()).add(account);
    }
    List<Account> ordered = new ArrayList<>(accounts.size());
    for (List<Account> tier : tiers.values()) {
      ordered.addAll(weightedShuffle(tier, random));
    }
    return ordered;
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

package io.switchboard.scheduler;

import io.switchboard.api.ConfigGeneration;
import io.switchboard.store.Account;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every routable account, by the model names it serves and by id, and each group's strategy, as the scheduler last
 * loaded them. Each change of accounts or groups starts a reload; a reload that completes after a later one began
 * is not applied, since what it read may predate that later change (the later reload applies instead), so reloads
 * that overtake one another never leave an older picture in place.
 */
final class RoutingTable {
  /** What one reload read. */
  record Loaded(List<Account> accounts, Map<String, String> strategies) {
  }

  private final Supplier<Future<Loaded>> loader;
  private final ConfigGeneration reloads = new ConfigGeneration();
  private Map<String, List<Account>> byModel = Map.of();
  private Map<Long, Account> byId = Map.of();
  private Map<String, String> strategies = Map.of();

  RoutingTable(Supplier<Future<Loaded>> loader) {
    this.loader = loader;
  }

  /** Reads everything again; the future holds what was applied, or null when a later reload superseded this one. */
  Future<Loaded> reload() {
    reloads.advance();
    long began = reloads.current();
    return loader.get().map(loaded -> {
      if (!reloads.unchangedSince(began)) {
        return null;
      }
      Map<String, List<Account>> index = new HashMap<>();
      Map<Long, Account> ids = new HashMap<>();
      for (Account account : loaded.accounts()) {
        ids.put(account.id(), account);
        for (String model : account.servedNames()) {
          index.computeIfAbsent(model, m -> new ArrayList<>()).add(account);
        }
      }
      byModel = index;
      byId = ids;
      strategies = loaded.strategies();
      return loaded;
    });
  }

  /** Accounts serving this client-facing model name (by model or alias). */
  List<Account> serving(String model) {
    return byModel.getOrDefault(model, List.of());
  }

  Map<String, List<Account>> byModel() {
    return byModel;
  }

  /** The account with this id, or null when it is not routable. */
  Account account(long id) {
    return byId.get(id);
  }

  Collection<Account> accounts() {
    return byId.values();
  }

  /** The group's strategy name, {@code weighted} when it has none. */
  String strategy(String group) {
    return strategies.getOrDefault(group, "weighted");
  }
}

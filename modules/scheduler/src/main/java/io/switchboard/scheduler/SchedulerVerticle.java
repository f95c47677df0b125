package io.switchboard.scheduler;

import io.switchboard.api.Addresses;
import io.switchboard.api.Candidate;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.ModelList;
import io.switchboard.api.RoutePlan;
import io.switchboard.api.RoutePlanRequest;
import io.switchboard.store.Account;
import io.switchboard.store.AccountStore;
import io.switchboard.store.Databases;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers {@code sb.route.plan} with the accounts to try for a model, and {@code sb.route.models} with every
 * model an active account serves. Keeps active accounts in memory; reloads when accounts change.
 */
public class SchedulerVerticle extends VerticleBase {
  private Map<String, List<Account>> byModel = Map.of();
  private Pool pool;
  private AccountStore store;

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    JsonObject postgres = config().getJsonObject("postgres", new JsonObject());
    if (postgres.getString("url") == null) {
      return Future.failedFuture("scheduler: postgres.url must be set by the app");
    }
    pool = Databases.postgres(vertx, postgres.getString("url"), postgres.getInteger("poolSize", 2));
    store = new AccountStore(pool);
    return reload().compose(v -> Future.join(
      vertx.eventBus().<RoutePlanRequest>consumer(Addresses.ROUTE_PLAN, this::plan).completion(),
      vertx.eventBus().consumer(Addresses.ROUTE_MODELS, this::models).completion(),
      vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, this::configChanged).completion()));
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }

  private Future<Void> reload() {
    return store.listActive().map(accounts -> {
      Map<String, List<Account>> index = new HashMap<>();
      for (Account account : accounts) {
        for (String model : account.models()) {
          index.computeIfAbsent(model, m -> new ArrayList<>()).add(account);
        }
      }
      byModel = index;
      return null;
    });
  }

  private void plan(Message<RoutePlanRequest> message) {
    String model = message.body().model();
    List<Account> serving = byModel.getOrDefault(model, List.of());
    List<Candidate> candidates = new ArrayList<>(serving.size());
    for (Account account : CandidateOrder.order(serving, ThreadLocalRandom.current())) {
      candidates.add(new Candidate(account.id(), account.name(), account.provider(), model));
    }
    message.reply(new RoutePlan(candidates));
  }

  private void models(Message<Object> message) {
    message.reply(new ModelList(List.copyOf(new TreeSet<>(byModel.keySet()))));
  }

  private void configChanged(Message<ConfigChanged> message) {
    if (ConfigChanged.ACCOUNT.equals(message.body().entity())) {
      reload();
    }
  }
}

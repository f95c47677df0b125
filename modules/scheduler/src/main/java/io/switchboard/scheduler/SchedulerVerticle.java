package io.switchboard.scheduler;

import io.switchboard.api.Addresses;
import io.switchboard.api.Candidate;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.ModelList;
import io.switchboard.api.ModelListRequest;
import io.switchboard.api.RoutePlan;
import io.switchboard.api.RoutePlanRequest;
import io.switchboard.store.Account;
import io.switchboard.store.AccountStore;
import io.switchboard.store.Bootstrap;
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
      vertx.eventBus().<ModelListRequest>consumer(Addresses.ROUTE_MODELS, this::models).completion(),
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
        for (String model : account.servedNames()) {
          index.computeIfAbsent(model, m -> new ArrayList<>()).add(account);
        }
      }
      byModel = index;
      return null;
    });
  }

  private void plan(Message<RoutePlanRequest> message) {
    ModelRoute route = ModelRoute.parse(message.body().model(), Bootstrap.PROVIDERS);
    List<String> kinds = message.body().providerKinds();
    List<Account> serving = byModel.getOrDefault(route.model(), List.of()).stream()
      .filter(a -> route.providerKind() == null || a.provider().equals(route.providerKind()))
      .filter(a -> kinds.isEmpty() || kinds.contains(a.provider()))
      .toList();
    List<Candidate> candidates = new ArrayList<>(serving.size());
    for (Account account : CandidateOrder.order(serving, ThreadLocalRandom.current())) {
      candidates.add(new Candidate(account.id(), account.name(), account.provider(),
        account.upstreamName(route.model())));
    }
    message.reply(new RoutePlan(candidates));
  }

  private void models(Message<ModelListRequest> message) {
    String kind = message.body().providerKind();
    TreeSet<String> models = new TreeSet<>();
    byModel.forEach((model, accounts) -> {
      if (kind == null || accounts.stream().anyMatch(a -> a.provider().equals(kind))) {
        models.add(model);
      }
    });
    message.reply(new ModelList(List.copyOf(models)));
  }

  private void configChanged(Message<ConfigChanged> message) {
    if (ConfigChanged.ACCOUNT.equals(message.body().entity())) {
      reload();
    }
  }
}

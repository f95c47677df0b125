package io.switchboard.scheduler;

import io.switchboard.api.Addresses;
import io.switchboard.api.Candidate;
import io.switchboard.api.CircuitState;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.ModelList;
import io.switchboard.api.ModelListRequest;
import io.switchboard.api.Outcome;
import io.switchboard.api.PassThroughPlanRequest;
import io.switchboard.api.ProviderKind;
import io.switchboard.api.RoutePlan;
import io.switchboard.api.RoutePlanRequest;
import io.switchboard.api.SameLoop;
import io.switchboard.api.SessionKey;
import io.switchboard.store.Account;
import io.switchboard.store.AccountHealthStore;
import io.switchboard.store.AccountQuotaStore;
import io.switchboard.store.GroupStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code sb.route.plan} with the accounts to try for a model and user group, best first,
 * {@code sb.route.passthrough} likewise for requests the gateway only passes through, and
 * {@code sb.route.models} with every model a usable account serves. Keeps every routable account in memory
 * (reloaded when accounts or groups change), skips those that are unhealthy ({@link AccountHealthTracker}), orders
 * the rest by priority tier and the group's strategy ({@link CandidateOrder}; quotas: {@link AccountQuotas}) and
 * keeps a conversation on its account
 * ({@link StickySessions}). Learns health from {@code sb.outcome} and {@code sb.account.circuit}.
 */
public class SchedulerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);
  /** Its request-path handlers' own-loop registrations (see SameLoop), left first at its stop. */
  private final SameLoop.Registrations sameLoop = new SameLoop.Registrations();
  private RoutingTable table;
  private Future<Void> reloading = Future.succeededFuture();
  private CandidateOrder order;
  private final Map<String, Binding> sessions = new HashMap<>(); // by requestId, until its successful outcome
  private Pool pool;
  private Redis redis;
  private AccountHealthStore store;
  private AccountHealthTracker health;
  private AccountStats stats;
  private StickySessions sticky;
  private HealthProbes probes;
  private AccountQuotas quotas;

  /** The conversation a planned request belongs to and the account it was bound to. */
  private record Binding(String sessionKey, long accountId) {
  }

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    SchedulerSettings settings;
    try {
      settings = SchedulerSettings.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    pool = settings.storage().postgres(vertx);
    redis = settings.storage().redis(vertx);
    store = new AccountHealthStore(pool);
    GroupStore groups = new GroupStore(pool);
    table = new RoutingTable(() -> Future.all(store.listRoutable(), groups.strategies())
      .map(both -> new RoutingTable.Loaded(both.resultAt(0), both.resultAt(1))));
    ModelCooldowns cooldowns = new ModelCooldowns(redis);
    health = new AccountHealthTracker(vertx, store, cooldowns, settings.ttls());
    stats = new AccountStats(settings.errorHalfLifeMs());
    sticky = settings.stickyTtlMs() == 0 ? null : new StickySessions(redis, settings.stickyTtlMs());
    probes = new HealthProbes(vertx, redis, health, settings.probeIntervalMs());
    quotas = new AccountQuotas(vertx, new AccountQuotaStore(pool));
    order = new CandidateOrder(quotas::remaining);
    vertx.setPeriodic(settings.quotaRefreshMs(), id -> quotas.refresh(table.accounts()));
    vertx.setPeriodic(settings.expiryCheckMs(), id -> {
      long now = System.currentTimeMillis();
      health.expire(table.accounts(), now);
      stats.sweep(now);
      AccountStateGauges.update(table.accounts(), health, now);
    });
    vertx.setPeriodic(settings.probeIntervalMs(), id -> probes.run(table.accounts()));
    reloading = reload();
    return reloading
      .compose(v -> cooldowns.load(table.accounts().stream().map(Account::id).toList(), System.currentTimeMillis())
        .otherwise(failure -> {
          LOG.warn("running model cooldowns could not be read (they are learnt again from outcomes): {}",
            failure.getMessage());
          return null;
        }))
      .compose(v -> Future.join(List.of(
      sameLoop.add(SameLoop.<RoutePlanRequest>consumer(vertx, Addresses.ROUTE_PLAN, this::plan)),
      vertx.eventBus().<PassThroughPlanRequest>consumer(Addresses.ROUTE_PASS_THROUGH, this::planPassThrough)
        .completion(),
      vertx.eventBus().<ModelListRequest>consumer(Addresses.ROUTE_MODELS, this::models).completion(),
      vertx.eventBus().<Void>consumer(Addresses.HEALTH_PROBE_ROUND, m -> m.reply(probes.run(table.accounts())))
        .completion(),
      vertx.eventBus().<Outcome>consumer(Addresses.OUTCOME, this::outcome).completion(),
      vertx.eventBus().<CircuitState>consumer(Addresses.CIRCUIT_STATE, m -> {
        health.circuit(m.body());
        AccountStateGauges.update(table.accounts(), health, System.currentTimeMillis());
      }).completion(),
      vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, this::configChanged).completion())));
  }

  @Override
  public Future<?> stop() {
    return sameLoop.leave().transform(left -> {
      redis.close();
      return pool.close();
    });
  }

  private Future<Void> reload() {
    long started = System.currentTimeMillis();
    return table.reload().map(loaded -> {
      if (loaded != null) {
        health.reloaded(loaded.accounts(), started);
        quotas.reloaded(loaded.accounts());
        AccountStateGauges.update(loaded.accounts(), health, System.currentTimeMillis());
      }
      return null;
    });
  }

  private void plan(Message<RoutePlanRequest> message) {
    if (!reloading.isComplete()) {
      // a plan asked for after a change was announced waits for the table that change brought
      reloading.onComplete(done -> plan(message));
      return;
    }
    RoutePlanRequest request = message.body();
    ModelRoute route = ModelRoute.parse(request.model(), ProviderKind.wireNames());
    List<ProviderKind> kinds = request.providerKinds();
    List<Account> serving = table.serving(route.model()).stream()
      .filter(a -> route.providerKind() == null || a.provider().equals(route.providerKind()))
      .filter(a -> kinds.isEmpty() || kinds.contains(ProviderKind.ofProvider(a.provider())))
      .filter(a -> a.groups().contains(request.group()))
      .toList();
    answer(message, request.requestId(), request.group(), request.session(), route.model(), serving);
  }

  /**
   * A pass-through request: the accounts of the kind its target names, else of the group it names, in the request's
   * group; narrowed to those listing its model when any does.
   */
  private void planPassThrough(Message<PassThroughPlanRequest> message) {
    if (!reloading.isComplete()) {
      reloading.onComplete(done -> planPassThrough(message));
      return;
    }
    PassThroughPlanRequest request = message.body();
    String target = request.target();
    boolean byKind = target == null || ProviderKind.wireNames().contains(target);
    List<ProviderKind> kinds = request.providerKinds();
    List<Account> serving = table.accounts().stream()
      .filter(a -> target == null || (byKind ? a.provider().equals(target) : a.groups().contains(target)))
      .filter(a -> kinds.isEmpty() || kinds.contains(ProviderKind.ofProvider(a.provider())))
      .filter(a -> a.groups().contains(request.group()))
      .sorted(java.util.Comparator.comparingLong(Account::id))
      .toList();
    String model = request.model();
    List<Account> listing = model == null ? List.of()
      : serving.stream().filter(a -> a.servedNames().contains(model)).toList();
    answer(message, request.requestId(), request.group(), SessionKey.of(request.sessionKey()), model,
      listing.isEmpty() ? serving : listing);
  }

  /**
   * The plan over the accounts that serve a request (for {@code model}; null: a pass-through naming none): the
   * available ones in the group's order, sticky first.
   */
  private void answer(Message<?> message, String requestId, String group, SessionKey session, String model,
                      List<Account> serving) {
    long now = System.currentTimeMillis();
    List<Account> available = serving.stream()
      .filter(a -> health.unavailable(a, upstreamModel(a, model), now) == null && quotas.remaining(a) > 0).toList();
    if (available.isEmpty()) {
      message.reply(unavailablePlan(serving, model, now));
      return;
    }
    List<Account> ordered = order.order(available, table.strategy(group), stats,
      ThreadLocalRandom.current(), group + "|" + model, now);
    String sessionKey = stickyKey(sticky != null, session, ordered.size());
    boolean stick = sessionKey != null;
    Future<List<Account>> plan = !stick ? Future.succeededFuture(ordered)
      : sticky.bind(sessionKey, ordered.stream().map(Account::id).toList())
        .map(bound -> boundFirst(ordered, bound))
        .otherwise(ordered); // Redis unreachable: route without stickiness rather than fail
    plan.onSuccess(accounts -> {
      if (stick) {
        sessions.put(requestId, new Binding(sessionKey, accounts.get(0).id()));
      }
      stats.planned(requestId, accounts.get(0).id(), now);
      List<Candidate> candidates = new ArrayList<>(accounts.size());
      for (Account account : accounts) {
        candidates.add(Candidate.of(account.id(), account.name(), account.provider(),
          model == null ? null : account.upstreamName(model)));
      }
      message.reply(new RoutePlan(candidates));
    });
  }

  /**
   * The key a conversation keeps its account by, asked for only when there is a choice of accounts (with one there is
   * nothing to keep: no Redis round trip, and no prompt hashed); null for none, or when it could not be worked out
   * (then the request is routed without stickiness rather than left unanswered).
   */
  static String stickyKey(boolean stickyOn, SessionKey session, int accounts) {
    if (!stickyOn || session == null || accounts < 2) {
      return null;
    }
    try {
      return session.value();
    } catch (RuntimeException failed) {
      LOG.warn("routed without a sticky session: its key could not be worked out ({})", failed.getClass().getName());
      return null;
    }
  }

  /** Accounts serve the model but none may be tried: all rate limited (429 and when), or otherwise unavailable. */
  private RoutePlan unavailablePlan(List<Account> serving, String model, long now) {
    if (serving.isEmpty()) {
      return new RoutePlan(List.of());
    }
    boolean allRateLimited = true;
    long soonest = Long.MAX_VALUE;
    for (Account account : serving) {
      String upstreamModel = upstreamModel(account, model);
      allRateLimited &= "rate_limited".equals(health.unavailable(account, upstreamModel, now));
      long back = health.backAtMs(account, upstreamModel, now);
      if (back > 0) {
        soonest = Math.min(soonest, back);
      }
    }
    return new RoutePlan(List.of(), allRateLimited ? RoutePlan.ALL_RATE_LIMITED : RoutePlan.ALL_UNAVAILABLE,
      soonest == Long.MAX_VALUE ? -1 : soonest - now);
  }

  /** The model name this account knows a request's model by; "" for a pass-through naming none (as its outcomes). */
  private static String upstreamModel(Account account, String model) {
    return model == null ? "" : account.upstreamName(model);
  }

  private static List<Account> boundFirst(List<Account> ordered, long bound) {
    List<Account> out = new ArrayList<>(ordered.size());
    ordered.stream().filter(a -> a.id() == bound).forEach(out::add);
    ordered.stream().filter(a -> a.id() != bound).forEach(out::add);
    return out;
  }

  private void outcome(Message<Outcome> message) {
    Outcome outcome = message.body();
    stats.record(outcome);
    health.outcome(outcome, table.account(outcome.accountId()));
    Binding binding = outcome.ok() ? sessions.remove(outcome.requestId()) : null;
    if (binding != null && binding.accountId() != outcome.accountId()) {
      // served after failover: the conversation moves to the account that answered
      sticky.move(binding.sessionKey(), outcome.accountId());
    }
    if (sessions.size() > 100_000) {
      sessions.clear(); // outcomes lost; never grow without bound
    }
  }

  private void models(Message<ModelListRequest> message) {
    ProviderKind asked = message.body().providerKind();
    String kind = asked == null ? null : asked.wireName(); // as account rows name it
    TreeSet<String> models = new TreeSet<>();
    table.byModel().forEach((model, accounts) -> {
      // a model stays listed while its accounts cool down; only refused credentials take it away
      if (accounts.stream().anyMatch(a -> !"invalid".equals(a.status()) && (kind == null || a.provider().equals(kind)))) {
        models.add(model);
      }
    });
    message.reply(new ModelList(List.copyOf(models)));
  }

  private void configChanged(Message<ConfigChanged> message) {
    String entity = message.body().entity();
    if (ConfigChanged.ACCOUNT.equals(entity) || ConfigChanged.GROUP.equals(entity)) {
      // the latest reload wins in the table, so plans wait for the latest one only; one that fails leaves the
      // accounts read before in place (plans go on with them), which an operator must hear of
      reloading = reload().onFailure(failure -> LOG.warn(
        "accounts or groups changed ({}) but could not be read again; plans use those read before: {}",
        entity, failure.getMessage()));
    }
  }
}

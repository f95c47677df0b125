package io.switchboard.rules;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.KeyActivity;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.Outcome;
import io.switchboard.api.RuleDryRunRequest;
import io.switchboard.store.AccountStatusStore;
import io.switchboard.store.AccountStatusStore.ScopeInfo;
import io.switchboard.store.KeyAlertStore;
import io.switchboard.store.KeyAnomalyCounter;
import io.switchboard.store.rules.InvalidRuleException;
import io.switchboard.store.rules.OutcomeLogStore;
import io.switchboard.store.rules.RuleDefinition;
import io.switchboard.store.rules.RuleHitStore;
import io.switchboard.store.rules.RuleMatchCounter;
import io.switchboard.store.rules.RuleStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches every {@code sb.outcome} against the enabled rules (held in memory, reloaded on
 * {@code ConfigChanged("rule")}; outcomes heard while a reload runs wait for it, up to 3 s); counts each match in
 * Redis so threshold, window and cooldown hold across instances and nodes, and carries out a rule when it fires.
 * Records outcomes for dry-runs, answers {@code sb.rules.dryrun}, and on a timer returns accounts whose disable or
 * cooldown has passed to active. Watches client keys for unusual use ({@link KeyAnomalyWatch}, on
 * {@code sb.key.activity}).
 */
public class RuleEngineVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RuleEngineVerticle.class);
  /** How long outcomes wait for a rule reload at most, then are matched against the rules in use. */
  private static final long RULES_WAIT_MS = 3000;
  private List<RuleDefinition> rules = List.of();
  private final ArrayDeque<Outcome> waiting = new ArrayDeque<>();
  private Future<Void> rulesLoading = Future.succeededFuture();
  private long rulesRequested;
  private long rulesApplied;
  private Map<Long, ScopeInfo> scopes = Map.of();
  private Pool pool;
  private Redis redis;
  private RuleStore ruleStore;
  private AccountStatusStore accounts;
  private OutcomeLogStore outcomeLog;
  private RuleMatchCounter counter;
  private RuleFiring firing;
  private WebhookAlerts alerts;
  private OutcomeRecorder recorder;
  private KeyAnomalyWatch keyWatch;
  private int dryRunMaxOutcomes;
  private long lastScopeReload;

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    RuleSettings settings;
    try {
      settings = RuleSettings.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    RuleSettings.OutcomeLog log = settings.outcomeLog();
    pool = settings.storage().postgres(vertx);
    redis = settings.storage().redis(vertx);
    ruleStore = new RuleStore(pool);
    accounts = new AccountStatusStore(pool);
    outcomeLog = new OutcomeLogStore(pool);
    counter = new RuleMatchCounter(redis);
    alerts = new WebhookAlerts(vertx, settings.alertRetries(), settings.alertBackoffMs(), settings.alertTimeoutMs());
    firing = new RuleFiring(vertx, accounts, new RuleHitStore(pool), alerts);
    recorder = new OutcomeRecorder(outcomeLog, log.batchSize(), log.recordSuccesses(), log.maxRows());
    keyWatch = new KeyAnomalyWatch(vertx, settings.keyAnomalies(),
      new KeyAnomalyCounter(redis, settings.keyAnomalies().thresholds()), new KeyAlertStore(pool), alerts);
    dryRunMaxOutcomes = settings.dryRunMaxOutcomes();
    return Future.join(reloadRules(), reloadScopes()).compose(v -> {
      recorder.start(vertx, log.flushIntervalMs(), log.pruneIntervalMs());
      if (settings.reenableIntervalMs() > 0) {
        vertx.setPeriodic(settings.reenableIntervalMs(), id -> reenableExpired());
      }
      KeyAnomalySettings anomalies = settings.keyAnomalies();
      Future<Void> watching = !anomalies.enabled() ? Future.succeededFuture()
        : vertx.eventBus().<KeyActivity>consumer(Addresses.KEY_ACTIVITY, m -> keyWatch.observe(m.body()))
          .completion();
      return Future.join(watching,
        vertx.eventBus().<Outcome>consumer(Addresses.OUTCOME, m -> onOutcome(m.body())).completion(),
        vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, this::configChanged).completion(),
        vertx.eventBus().<RuleDryRunRequest>consumer(Addresses.RULES_DRY_RUN, this::dryRun).completion());
    });
  }

  @Override
  public Future<?> stop() {
    waiting.forEach(recorder::add); // kept for dry runs, as every outcome heard
    waiting.clear();
    return recorder.flush().eventually(alerts::close).eventually(() -> {
      redis.close();
      return pool.close();
    });
  }

  private void onOutcome(Outcome outcome) {
    if (!rulesLoading.isComplete() || !waiting.isEmpty()) {
      waiting.add(outcome); // heard after a rule change was announced: matched against the rules it brought
      return;
    }
    match(outcome);
  }

  private void match(Outcome outcome) {
    recorder.add(outcome);
    ScopeInfo scope = scopes.get(outcome.accountId());
    if (scope == null && System.currentTimeMillis() - lastScopeReload > 1000) {
      reloadScopes(); // an account this instance has not seen yet: known from the next outcome on (at most 1/s)
    }
    String provider = scope == null ? outcome.providerKind().wireName() : scope.provider();
    List<String> groups = scope == null ? List.of() : scope.groups();
    for (RuleDefinition rule : rules) {
      String evidence = rule.match(outcome, provider, groups);
      if (evidence != null) {
        counter.count(rule, outcome.accountId(), outcome.requestId(), outcome.atEpochMs())
          .compose(count -> count.verdict() == RuleMatchCounter.Verdict.FIRE
            ? firing.fire(rule, outcome, evidence, count.matches()).mapEmpty() : Future.succeededFuture())
          .onFailure(failure -> LOG.error("rule '{}' on account {} not evaluated: {}", rule.name(),
            outcome.accountId(), failure.getMessage()));
      }
    }
  }

  /** Returns expired disables and cooldowns to active and announces each account; the ids returned. */
  Future<List<Long>> reenableExpired() {
    return accounts.reenableExpired().onSuccess(ids -> ids.forEach(id -> {
      LOG.info("account {} re-enabled: its disable or cooldown has passed", id);
      vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, id));
    })).onFailure(failure -> LOG.warn("re-enabling expired accounts failed: {}", failure.getMessage()));
  }

  private void configChanged(Message<ConfigChanged> message) {
    if (ConfigChanged.RULE.equals(message.body().entity())) {
      Future<Void> loading = reloadRules().timeout(RULES_WAIT_MS, TimeUnit.MILLISECONDS);
      rulesLoading = loading;
      loading.onComplete(done -> {
        if (rulesLoading != loading) {
          return; // outcomes wait for the latest reload only
        }
        if (done.failed()) {
          LOG.warn("outcomes matched against the rules in use: the announced change is not loaded yet: {}",
            done.cause().getMessage());
        }
        while (!waiting.isEmpty()) {
          match(waiting.poll()); // in the order they were heard
        }
      });
    } else if (ConfigChanged.ACCOUNT.equals(message.body().entity())) {
      reloadScopes();
    }
  }

  /** Reads the rules again; what one reads is not applied over what a later one applied (it may predate it). */
  private Future<Void> reloadRules() {
    long generation = ++rulesRequested;
    Future<List<JsonObject>> listed = ruleStore.list()
      .onFailure(failure -> LOG.warn("rules not reloaded: {}", failure.getMessage()));
    return listed.map(rows -> {
      if (generation < rulesApplied) {
        return null;
      }
      rulesApplied = generation;
      List<RuleDefinition> loaded = new ArrayList<>();
      for (JsonObject row : rows) {
        try {
          RuleDefinition rule = RuleDefinition.parse(row);
          if (rule.enabled()) {
            loaded.add(rule);
          }
        } catch (InvalidRuleException e) {
          LOG.error("rule {} '{}' skipped: {}", row.getLong("id"), row.getString("name"), e.getMessage());
        }
      }
      rules = List.copyOf(loaded);
      return null;
    });
  }

  private Future<Void> reloadScopes() {
    lastScopeReload = System.currentTimeMillis();
    return accounts.scopeInfo().map(info -> {
      scopes = Map.copyOf(info);
      return null;
    });
  }

  private void dryRun(Message<RuleDryRunRequest> message) {
    RuleDryRunRequest request = message.body();
    int last = request.lastOutcomes() <= 0 ? 1000 : Math.min(request.lastOutcomes(), dryRunMaxOutcomes);
    Future<JsonObject> definition = request.rule() != null ? Future.succeededFuture(request.rule())
      : request.ruleId() == null ? Future.failedFuture(new InvalidRuleException(List.of("rule: give a rule or a ruleId")))
      : ruleStore.find(request.ruleId());
    definition.compose(json -> {
      if (json == null) {
        message.fail(404, "no rule with id " + request.ruleId());
        return Future.succeededFuture();
      }
      RuleDefinition rule = RuleDefinition.parse(json);
      return recorder.flush().compose(v -> outcomeLog.latest(last))
        .onSuccess(outcomes -> message.reply(DryRun.evaluate(rule, outcomes, scopes)));
    }).onFailure(failure -> {
      if (failure instanceof InvalidRuleException invalid) {
        message.fail(400, String.join("\n", invalid.errors()));
      } else {
        LOG.error("dry-run failed: {}", failure.getMessage());
        message.fail(500, "dry-run failed: " + failure.getMessage());
      }
    });
  }
}

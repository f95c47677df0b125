package io.switchboard.scheduler;

import io.switchboard.store.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts resting for one model: a 429 or 529 answers for the model it was asked for (upstream rate limits are per
 * model), so the account keeps serving its other models. Every scheduler learns each cooldown from the outcome
 * itself and computes the same end, so routing never waits on Redis; Redis keeps them (one hash per account, written
 * by one Lua script that never shortens a cooldown) for a scheduler that starts while they run.
 */
final class ModelCooldowns {
  private static final Logger LOG = LoggerFactory.getLogger(ModelCooldowns.class);
  private static final String PREFIX = "sb:cooldown:";
  private static final RedisScript STORE = RedisScript.named("cooldown");

  /** A running cooldown: rate_limited or overloaded until a time. */
  record Cooldown(String status, long untilMs) {
  }

  private final Redis redis;
  private final Map<Long, Map<String, Cooldown>> byAccount = new HashMap<>();

  ModelCooldowns(Redis redis) {
    this.redis = redis;
  }

  /** The account's cooldown for this upstream model, or null when none runs at {@code nowMs}. */
  Cooldown running(long accountId, String model, long nowMs) {
    Map<String, Cooldown> models = byAccount.get(accountId);
    Cooldown cooldown = models == null ? null : models.get(model);
    return cooldown != null && cooldown.untilMs() > nowMs ? cooldown : null;
  }

  /** Starts the cooldown, or makes it last longer; true when none was running for this account and model. */
  boolean start(long accountId, String model, String status, long untilMs, long nowMs) {
    Cooldown before = running(accountId, model, nowMs);
    if (before == null || before.untilMs() < untilMs) {
      byAccount.computeIfAbsent(accountId, id -> new HashMap<>()).put(model, new Cooldown(status, untilMs));
      STORE.run(redis, List.of(PREFIX + accountId), List.of(model, status, Long.toString(untilMs),
          Long.toString(nowMs)))
        .onFailure(failure -> LOG.warn("account {}: storing the cooldown of {} failed: {}", accountId, model,
          failure.getMessage()));
    }
    return before == null;
  }

  /** Reads the cooldowns still running for these accounts (a scheduler starting while some run). */
  Future<Void> load(Collection<Long> accountIds, long nowMs) {
    List<Future<Void>> reads = new ArrayList<>(accountIds.size());
    for (long accountId : accountIds) {
      reads.add(redis.send(Request.cmd(Command.HGETALL).arg(PREFIX + accountId)).map(stored -> {
        remember(accountId, stored, nowMs);
        return null;
      }));
    }
    return Future.join(new ArrayList<>(reads)).mapEmpty();
  }

  private void remember(long accountId, Response stored, long nowMs) {
    if (stored == null) {
      return;
    }
    for (String model : stored.getKeys()) {
      String value = stored.get(model).toString();
      int colon = value.lastIndexOf(':');
      long until = Long.parseLong(value.substring(colon + 1));
      if (until > nowMs && running(accountId, model, nowMs) == null) {
        byAccount.computeIfAbsent(accountId, id -> new HashMap<>()).put(model,
          new Cooldown(value.substring(0, colon), until));
      }
    }
  }

  /** Forgets the cooldowns that have ended. */
  void sweep(long nowMs) {
    byAccount.values().forEach(models -> models.values().removeIf(c -> c.untilMs() <= nowMs));
    byAccount.values().removeIf(Map::isEmpty);
  }
}

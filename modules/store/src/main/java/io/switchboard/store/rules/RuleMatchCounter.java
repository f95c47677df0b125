package io.switchboard.store.rules;

import io.switchboard.store.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * Counts one rule match for one account in Redis and says whether the rule fires, in one Lua script so every
 * rule engine instance on every node agrees: the match is deduplicated by request id (each instance sees every
 * outcome; only the first to count it goes on), added to a sliding window of the rule's window length, and when
 * the window holds the threshold and no cooldown is running, the rule fires: the window is emptied (the next
 * firing needs that many fresh matches) and the cooldown key is set.
 */
public final class RuleMatchCounter {
  /** What counting one match came to. */
  public enum Verdict { DUPLICATE, COUNTED, COOLDOWN, FIRE }

  /** The verdict and the matches in the window when it was taken. */
  public record Count(Verdict verdict, int matches) {
  }

  private static final RedisScript SCRIPT = RedisScript.named("rule-match");
  private static final long SEEN_TTL_MS = 10 * 60_000L;
  private final Redis redis;

  public RuleMatchCounter(Redis redis) {
    this.redis = redis;
  }

  /** Counts the match of {@code ruleId} on {@code accountId} by the request {@code requestId} at {@code atEpochMs}. */
  public Future<Count> count(RuleDefinition rule, long accountId, String requestId, long atEpochMs) {
    String tag = "sb:rule:{" + rule.id() + ":" + accountId + "}";
    return SCRIPT.run(redis, List.of(tag + ":seen:" + requestId, tag + ":window", tag + ":cooldown"),
        List.of(Long.toString(atEpochMs), Long.toString(rule.windowSeconds() * 1000L),
          Integer.toString(rule.thresholdCount()), Long.toString(rule.cooldownSeconds() * 1000L), requestId,
          Long.toString(Math.max(SEEN_TTL_MS, rule.windowSeconds() * 1000L))))
      .map(RuleMatchCounter::toCount);
  }

  private static Count toCount(Response reply) {
    Verdict verdict = Verdict.values()[reply.get(0).toInteger()];
    return new Count(verdict, reply.get(1).toInteger());
  }
}

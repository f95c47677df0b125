package io.switchboard.store.rules;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

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

  // KEYS: seen marker, window (sorted set), cooldown marker.
  // ARGV: outcome time ms, window ms, threshold, cooldown ms, request id, seen ttl ms
  // The count is the most matches any window of the rule's length holding this match holds: outcomes reach the
  // engines out of order (several instances, several nodes), so later ones must neither be counted into an earlier
  // window nor hide it.
  private static final String SCRIPT = """
      if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[6]) then return {0, 0} end
      local now = tonumber(ARGV[1])
      local w = tonumber(ARGV[2])
      redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 2 * w)
      redis.call('ZADD', KEYS[2], now, ARGV[5])
      redis.call('PEXPIRE', KEYS[2], 2 * w)
      local flat = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. (now - w), '(' .. (now + w), 'WITHSCORES')
      local times = {}
      for i = 2, #flat, 2 do times[#times + 1] = tonumber(flat[i]) end
      local n, j = 0, 1
      for i = 1, #times do
        while times[i] - times[j] >= w do j = j + 1 end
        if times[j] <= now and now <= times[i] and i - j + 1 > n then n = i - j + 1 end
      end
      if n < tonumber(ARGV[3]) then return {1, n} end
      if redis.call('EXISTS', KEYS[3]) == 1 then return {2, n} end
      redis.call('DEL', KEYS[2])
      if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
      return {3, n}
      """;
  private static final long SEEN_TTL_MS = 10 * 60_000L;
  private final Redis redis;

  public RuleMatchCounter(Redis redis) {
    this.redis = redis;
  }

  /** Counts the match of {@code ruleId} on {@code accountId} by the request {@code requestId} at {@code atEpochMs}. */
  public Future<Count> count(RuleDefinition rule, long accountId, String requestId, long atEpochMs) {
    String tag = "sb:rule:{" + rule.id() + ":" + accountId + "}";
    Request eval = Request.cmd(Command.EVAL).arg(SCRIPT).arg(3)
      .arg(tag + ":seen:" + requestId).arg(tag + ":window").arg(tag + ":cooldown")
      .arg(atEpochMs).arg(rule.windowSeconds() * 1000L).arg(rule.thresholdCount())
      .arg(rule.cooldownSeconds() * 1000L).arg(requestId).arg(Math.max(SEEN_TTL_MS, rule.windowSeconds() * 1000L));
    return redis.send(eval).map(RuleMatchCounter::toCount);
  }

  private static Count toCount(Response reply) {
    Verdict verdict = Verdict.values()[reply.get(0).toInteger()];
    return new Count(verdict, reply.get(1).toInteger());
  }
}

package io.switchboard.scheduler;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * Binds a conversation (a session key computed by the ingress) to one account for a TTL, in Redis so every node
 * agrees. The binding holds while its account is among the available candidates; otherwise it moves to the best
 * candidate; the TTL restarts with every request of the conversation. One Lua script per decision: atomic across
 * nodes.
 */
final class StickySessions {
  private static final String PREFIX = "sb:sticky:";
  // KEYS[1] binding; ARGV[1] ttl ms; ARGV[2..] available account ids, best first
  private static final String BIND = """
      local current = redis.call('GET', KEYS[1])
      if current then
        for i = 2, #ARGV do
          if ARGV[i] == current then
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return current
          end
        end
      end
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
      return ARGV[2]""";

  private final Redis redis;
  private final long ttlMs;

  StickySessions(Redis redis, long ttlMs) {
    this.redis = redis;
    this.ttlMs = ttlMs;
  }

  /** The account the session is bound to, after binding it to the first of {@code available} if needed. */
  Future<Long> bind(String sessionKey, List<Long> available) {
    Request eval = Request.cmd(Command.EVAL).arg(BIND).arg(1).arg(PREFIX + sessionKey).arg(ttlMs);
    available.forEach(eval::arg);
    return redis.send(eval).map(reply -> Long.parseLong(reply.toString()));
  }

  /** The session was served by another account than its binding (failover): it moves there. */
  Future<Void> move(String sessionKey, long accountId) {
    return redis.send(Request.cmd(Command.SET).arg(PREFIX + sessionKey).arg(accountId).arg("PX").arg(ttlMs))
      .mapEmpty();
  }
}

package io.switchboard.scheduler;

import io.switchboard.store.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a conversation (a session key computed by the ingress) to one account for a TTL, in Redis so every node
 * agrees. The binding holds while its account is among the available candidates; otherwise it moves to the best
 * candidate; the TTL restarts with every request of the conversation. One Lua script per decision: atomic across
 * nodes.
 */
final class StickySessions {
  private static final String PREFIX = "sb:sticky:";
  private static final RedisScript BIND = RedisScript.named("sticky-bind");

  private final Redis redis;
  private final long ttlMs;

  StickySessions(Redis redis, long ttlMs) {
    this.redis = redis;
    this.ttlMs = ttlMs;
  }

  /** The account the session is bound to, after binding it to the first of {@code available} if needed. */
  Future<Long> bind(String sessionKey, List<Long> available) {
    List<String> args = new ArrayList<>(available.size() + 1);
    args.add(Long.toString(ttlMs));
    available.forEach(id -> args.add(Long.toString(id)));
    return BIND.run(redis, List.of(PREFIX + sessionKey), args).map(reply -> Long.parseLong(reply.toString()));
  }

  /** The session was served by another account than its binding (failover): it moves there. */
  Future<Void> move(String sessionKey, long accountId) {
    return redis.send(Request.cmd(Command.SET).arg(PREFIX + sessionKey).arg(accountId).arg("PX").arg(ttlMs))
      .mapEmpty();
  }
}

package io.switchboard.admin;

import io.switchboard.api.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Counts failed logins per username and per client address in Redis, shared by every node: one Lua script either
 * checks (how long until both counters allow another try) or records a failure (INCR, PEXPIRE on the first). While
 * Redis cannot be reached, sign-in answers 503: without its counters it could not refuse a guessing run.
 */
final class LoginThrottle {
  private static final String SCRIPT = """
      local wait = 0
      for i, key in ipairs(KEYS) do
        local limit = tonumber(ARGV[i + 2])
        if ARGV[1] == 'fail' then
          local n = redis.call('INCR', key)
          if n == 1 then redis.call('PEXPIRE', key, ARGV[2]) end
        else
          local n = tonumber(redis.call('GET', key) or '0')
          if n >= limit then
            local ttl = redis.call('PTTL', key)
            if ttl > wait then wait = ttl end
          end
        end
      end
      return wait""";
  private static final long RETRY_AFTER_SECONDS = 5;
  private final Redis redis;
  private final int perUser;
  private final int perIp;
  private final long windowMs;

  LoginThrottle(Redis redis, int perUser, int perIp, long windowMs) {
    this.redis = redis;
    this.perUser = perUser;
    this.perIp = perIp;
    this.windowMs = windowMs;
  }

  /** Milliseconds until this username from this address may try again; 0 when it may now. */
  Future<Long> waitMs(String username, String ip) {
    return run("check", username, ip).map(r -> r == null ? 0L : r.toLong());
  }

  Future<Void> recordFailure(String username, String ip) {
    return run("fail", username, ip).mapEmpty();
  }

  /**
   * A successful login clears the username's count (the address keeps its own); when Redis cannot be reached the
   * count stays and lapses with its window.
   */
  Future<Void> clearUser(String username) {
    return redis.send(Request.cmd(Command.DEL).arg(userKey(username))).<Void>mapEmpty().recover(failure -> {
      GatewayMetrics.storageError("redis", "admin");
      return Future.succeededFuture();
    });
  }

  private Future<Response> run(String mode, String username, String ip) {
    return redis.send(Request.cmd(Command.EVAL).arg(SCRIPT).arg(2).arg(userKey(username)).arg("sb:login:ip:" + ip)
      .arg(mode).arg(windowMs).arg(perUser).arg(perIp)).recover(failure -> {
        GatewayMetrics.storageError("redis", "admin");
        GatewayMetrics.refused("redis_outage");
        return Future.failedFuture(new AdminError(503, "sign-in is unavailable right now: try again shortly", null,
          RETRY_AFTER_SECONDS));
      });
  }

  private static String userKey(String username) {
    return "sb:login:user:" + username.toLowerCase(java.util.Locale.ROOT);
  }
}

package io.switchboard.admin;

import io.switchboard.api.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Counts password attempts per username and per client address in Redis, shared by every node. An attempt is
 * counted before its password is checked, in one Lua script that either refuses it (how long until both counters
 * allow another) or counts it on both (INCR, PEXPIRE on the first): so however many guesses arrive at once, at most
 * the allowed number are checked. A success takes its count back: the username's count is cleared, the address's
 * goes down by one (it counts failures only). Sign-in and password change share the counters.
 * While Redis cannot be reached, sign-in answers 503: without its counters it could not refuse a guessing run.
 */
final class LoginThrottle {
  private static final String SCRIPT = """
      if ARGV[1] == 'ok' then
        redis.call('DEL', KEYS[1])
        if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
        return 0
      end
      local wait = 0
      for i, key in ipairs(KEYS) do
        if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 2]) then
          local ttl = redis.call('PTTL', key)
          if ttl > wait then wait = ttl end
          if ttl < 0 then redis.call('PEXPIRE', key, ARGV[2]) wait = tonumber(ARGV[2]) end
        end
      end
      if wait > 0 then return wait end
      for i, key in ipairs(KEYS) do
        if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[2]) end
      end
      return 0""";
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

  /**
   * Counts an attempt for this username from this address and answers 0, or answers the milliseconds until one may
   * be made (nothing counted) when either has used up its attempts.
   */
  Future<Long> attempt(String username, String ip) {
    return run("try", username, ip).map(r -> r == null ? 0L : r.toLong());
  }

  /**
   * The attempt succeeded: the username starts over, and the address's count loses this attempt. When Redis cannot
   * be reached the sign-in still stands; the counts lapse with their window.
   */
  Future<Void> succeeded(String username, String ip) {
    return run("ok", username, ip).<Void>mapEmpty().recover(failure -> Future.succeededFuture());
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

package io.switchboard.store;

/**
 * Names of the Redis counters of limits and quotas, shared by the roles that read them (auth) and move them
 * (usage). Counters are caches: each can be rebuilt from PostgreSQL ({@link QuotaStore}).
 */
public final class QuotaKeys {
  private QuotaKeys() {
  }

  /** The key's rate limits: its current minute's requests and tokens (redis/admit.lua). */
  public static String rateLimits(long keyId) {
    return "sb:rl:" + keyId;
  }

  /** The key's requests in flight, each until its release or its slot ttl (redis/admit.lua). */
  public static String requestsInFlight(long keyId) {
    return "sb:rl:" + keyId + ":flight";
  }

  /** The user's charged spend on one local day (yyyy-mm-dd in the quota time zone). */
  public static String daySpend(long userId, String day) {
    return "sb:q:u:" + userId + ":day:" + day;
  }

  /** Set once the user went on fallback that local day. */
  public static String fallbackMark(long userId, String day) {
    return "sb:q:u:" + userId + ":fb:" + day;
  }

  public static String balance(long userId) {
    return "sb:q:u:" + userId + ":bal";
  }

  public static String keySpend(long keyId) {
    return "sb:q:k:" + keyId + ":spent";
  }
}

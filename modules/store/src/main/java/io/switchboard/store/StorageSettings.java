package io.switchboard.store;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;

/**
 * The storage the app hands every role, in one shape: {@code postgres: {url, poolSize, <limits>}} and
 * {@code redis: {url, commandTimeoutMs}}. The app writes it with {@link #putInto}, each role's settings read it with {@link #from};
 * the connections it opens are the role's to close.
 */
public record StorageSettings(String postgresUrl, int poolSize, PostgresLimits limits, String redisUrl,
                              int redisTimeoutMs) {
  public static final int DEFAULT_REDIS_TIMEOUT_MS = 2000;

  public StorageSettings(String postgresUrl, int poolSize, String redisUrl) {
    this(postgresUrl, poolSize, PostgresLimits.DEFAULTS, redisUrl, DEFAULT_REDIS_TIMEOUT_MS);
  }

  /** The storage in a role's config; {@code role} names the section in messages (e.g. {@code auth}). */
  public static StorageSettings from(String role, JsonObject conf) {
    JsonObject postgres = conf.getJsonObject("postgres", new JsonObject());
    JsonObject redis = conf.getJsonObject("redis", new JsonObject());
    String redisUrl = redis.getString("url");
    if (postgres.getString("url") == null || redisUrl == null) {
      throw new IllegalArgumentException(role + ": postgres.url and redis.url must be set by the app");
    }
    int poolSize = postgres.getInteger("poolSize", 4);
    if (poolSize < 1) {
      throw new IllegalArgumentException("storage.postgres.poolSize must be positive");
    }
    int redisTimeoutMs = redis.getInteger("commandTimeoutMs", DEFAULT_REDIS_TIMEOUT_MS);
    if (redisTimeoutMs < 1) {
      throw new IllegalArgumentException("storage.redis.commandTimeoutMs must be at least 1");
    }
    return new StorageSettings(postgres.getString("url"), poolSize, PostgresLimits.from(postgres), redisUrl,
      redisTimeoutMs);
  }

  /** Adds the storage to a role's config section and returns it. */
  public JsonObject putInto(JsonObject conf) {
    return conf.put("postgres", limits.putInto(new JsonObject().put("url", postgresUrl).put("poolSize", poolSize)))
      .put("redis", new JsonObject().put("url", redisUrl).put("commandTimeoutMs", redisTimeoutMs));
  }

  public Pool postgres(Vertx vertx) {
    return Databases.postgres(vertx, postgresUrl, poolSize, limits);
  }

  public Redis redis(Vertx vertx) {
    return Databases.redis(vertx, redisUrl, redisTimeoutMs);
  }

  @Override
  public String toString() {
    // the URLs may carry passwords
    return "StorageSettings[poolSize=" + poolSize + ", " + limits + ", redisTimeoutMs=" + redisTimeoutMs + "]";
  }
}

package io.switchboard.store;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Opens the runtime connections a verticle keeps: a PostgreSQL pool and a Redis client. */
public final class Databases {
  private Databases() {
  }

  public static Pool postgres(Vertx vertx, String url, int poolSize) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(poolSize).setShared(true).setName("sb-postgres"))
      .connectingTo(PostgresTarget.parse(url).connectOptions())
      .using(vertx)
      .build();
  }

  public static Redis redis(Vertx vertx, String url) {
    if (url == null || !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
      throw new IllegalArgumentException("storage.redis.url must look like redis://host:6379");
    }
    // every admission is a command: under load they queue on the kept connection rather than fail
    return new PipelinedRedis(Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(16)
      .setMaxPoolWaiting(8192).setMaxWaitingHandlers(8192)));
  }
}

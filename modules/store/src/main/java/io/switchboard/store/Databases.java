package io.switchboard.store;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** Opens the runtime connections a verticle keeps: a PostgreSQL pool and a Redis client. */
public final class Databases {
  private Databases() {
  }

  public static Pool postgres(Vertx vertx, String url, int poolSize) {
    return postgres(vertx, url, poolSize, PostgresLimits.DEFAULTS);
  }

  /**
   * The pool of this process for this server: verticles asking for the same server and limits share one pool (its
   * name says which), so a pool to another server or with other limits is never handed out in its place. Each caller
   * gets its own handle; closing it (or undeploying the verticle that asked) releases that handle only, and the pool
   * closes with its last handle.
   * <p>
   * Vert.x binds the socket client behind a new shared pool to the context that happens to create it: undeploying the
   * first verticle to ask would close every connection of the pool, other verticles' queries in flight included, and
   * leave the pool unable to connect. So the pool is built outside of any verticle's context, and the handle is
   * tied to the caller's context by a close hook of its own.
   */
  public static Pool postgres(Vertx vertx, String url, int poolSize, PostgresLimits limits) {
    ContextInternal caller = ((VertxInternal) vertx).getContext();
    Pool[] built = new Pool[1];
    RuntimeException[] refused = new RuntimeException[1];
    // a context of the process (its close hooks run when Vert.x closes), current only while the pool is built
    ((VertxInternal) vertx).createEventLoopContext().dispatch(null, v -> {
      try {
        built[0] = sharedPool(vertx, url, poolSize, limits);
      } catch (RuntimeException e) {
        refused[0] = e;
      }
    });
    if (refused[0] != null) {
      throw refused[0];
    }
    Pool pool = built[0];
    if (caller != null) {
      caller.addCloseHook(closed -> pool.close().onComplete(closed));
    }
    return pool;
  }

  private static Pool sharedPool(Vertx vertx, String url, int poolSize, PostgresLimits limits) {
    PostgresTarget target = PostgresTarget.parse(url);
    PgConnectOptions connect = target.connectOptions()
      .addProperty("statement_timeout", Integer.toString(limits.statementTimeoutMs()));
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(poolSize).setShared(true)
        .setName("sb-postgres@" + target.describe() + "/" + poolSize + "/" + limits)
        .setConnectionTimeout(limits.acquireTimeoutMs()).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxWaitQueueSize(limits.maxWaitQueue())
        // idle connections leave the pool before the silence timeout below could close one as it is handed out
        .setIdleTimeout(limits.statementTimeoutMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
      .with(new NetClientOptions().setConnectTimeout(limits.connectTimeoutMs())
        .setReadIdleTimeout(limits.silenceMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
      .connectingTo(connect)
      .using(vertx)
      .build();
  }

  public static Redis redis(Vertx vertx, String url) {
    return redis(vertx, url, StorageSettings.DEFAULT_REDIS_TIMEOUT_MS);
  }

  /** A Redis client whose commands fail when not answered within {@code timeoutMs} ({@link PipelinedRedis}). */
  public static Redis redis(Vertx vertx, String url, int timeoutMs) {
    if (url == null || !(url.startsWith("redis://") || url.startsWith("rediss://") || url.startsWith("unix:///"))) {
      throw new IllegalArgumentException(
        "storage.redis.url must look like redis://host:6379 or unix:///path/redis.sock");
    }
    // every admission is a command: under load they queue on the kept connection rather than fail
    return new PipelinedRedis(Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(16)
      .setMaxPoolWaiting(8192).setMaxWaitingHandlers(8192)), timeoutMs);
  }
}

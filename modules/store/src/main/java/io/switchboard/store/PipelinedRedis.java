package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * A Redis client that sends every command down one kept connection, pipelined, instead of leasing a pooled
 * connection per command: on the request path (an admission and a release per request) the pool's lease and
 * recycle cost more than the command. Redis runs commands one at a time anyway, so one connection per verticle
 * instance loses nothing. A connection that fails or closes is dropped (its pending commands fail with it) and the
 * next command opens a new one. {@link #connect()} still hands out a dedicated connection from the pool.
 */
public final class PipelinedRedis implements Redis {
  private final Redis pool;
  private Future<RedisConnection> connection;

  public PipelinedRedis(Redis pool) {
    this.pool = pool;
  }

  @Override
  public Future<Response> send(Request command) {
    return connection().compose(conn -> conn.send(command));
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return connection().compose(conn -> conn.batch(commands));
  }

  @Override
  public Future<RedisConnection> connect() {
    return pool.connect();
  }

  @Override
  public Future<Void> close() {
    Future<RedisConnection> kept = drop();
    Future<Void> closed = kept == null ? Future.succeededFuture()
      : kept.compose(RedisConnection::close).otherwise((Void) null);
    return closed.eventually(pool::close);
  }

  private synchronized Future<RedisConnection> connection() {
    Future<RedisConnection> kept = connection;
    if (kept != null && !kept.failed()) {
      return kept;
    }
    Future<RedisConnection> opening = pool.connect();
    connection = opening;
    opening.onSuccess(conn -> {
      conn.exceptionHandler(failure -> forget(opening));
      conn.endHandler(v -> forget(opening));
    });
    return opening;
  }

  private synchronized void forget(Future<RedisConnection> failed) {
    if (connection == failed) {
      connection = null;
    }
  }

  private synchronized Future<RedisConnection> drop() {
    Future<RedisConnection> kept = connection;
    connection = null;
    return kept;
  }
}

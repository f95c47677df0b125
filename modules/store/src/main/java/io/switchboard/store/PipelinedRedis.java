package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Redis client that sends every command down one kept connection, pipelined, instead of leasing a pooled
 * connection per command: on the request path (an admission and a release per request) the pool's lease and
 * recycle cost more than the command. Redis runs commands one at a time anyway, so one connection per verticle
 * instance loses nothing. A connection that fails or closes is dropped (its pending commands fail with it) and the
 * next command opens a new one. A command not answered within the timeout fails, and its connection (or the opening
 * of one) is dropped and closed, failing what else waited on it: a Redis that accepts but never answers costs a
 * bounded wait, and once it answers again the next command reconnects. {@link #connect()} still hands out a
 * dedicated connection from the pool.
 */
public final class PipelinedRedis implements Redis {
  private final Redis pool;
  private final long timeoutMs;
  private Future<RedisConnection> connection;

  public PipelinedRedis(Redis pool, long timeoutMs) {
    this.pool = pool;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<Response> send(Request command) {
    return answered(conn -> conn.send(command));
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return answered(conn -> conn.batch(commands));
  }

  private <T> Future<T> answered(Function<RedisConnection, Future<T>> call) {
    Future<RedisConnection> kept = connection();
    Future<T> answer = kept.compose(call);
    return answer.timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(failure -> {
      if (!answer.isComplete()) { // no answer in time: this connection is stuck
        forget(kept);
        kept.onSuccess(RedisConnection::close);
        return Future.failedFuture(new IllegalStateException("Redis did not answer within " + timeoutMs + " ms"));
      }
      return Future.failedFuture(failure);
    });
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

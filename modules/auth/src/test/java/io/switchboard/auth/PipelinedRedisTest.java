package io.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.store.Databases;
import io.switchboard.testkit.StallingProxy;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The runtime Redis client (store's PipelinedRedis) the admission path runs on: pipelined, and back after a drop. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class PipelinedRedisTest {
  @Test
  void commandsSentTogetherAnswerInOrderOnOneConnection(Vertx vertx) {
    Redis redis = Databases.redis(vertx, TestStorage.redisUrl());
    List<Future<String>> echoes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      echoes.add(redis.send(Request.cmd(Command.ECHO).arg("m" + i)).map(Object::toString));
    }
    List<String> answered = Future.all(echoes).await().list();
    for (int i = 0; i < 500; i++) {
      assertEquals("m" + i, answered.get(i));
    }
    String me = redis.send(Request.cmd(Command.CLIENT).arg("ID")).await().toString();
    for (int i = 0; i < 20; i++) {
      assertEquals(me, redis.send(Request.cmd(Command.CLIENT).arg("ID")).await().toString(), "one kept connection");
    }
    redis.close().await();
  }

  @Test
  void aRedisThatStopsAnsweringCostsTheTimeoutAndTheNextCommandReconnects(Vertx vertx) throws Exception {
    String url = TestStorage.redisUrl();
    try (StallingProxy proxy = StallingProxy.to(vertx, Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)))) {
      Redis redis = Databases.redis(vertx, "redis://127.0.0.1:" + proxy.port(), 300);
      assertEquals("PONG", redis.send(Request.cmd(Command.PING)).await().toString());

      proxy.stall(); // the kept connection stays open and silent
      Future<Response> unanswered = redis.send(Request.cmd(Command.PING));
      Throwable failure = assertThrows(Exception.class, () -> unanswered.await(10, TimeUnit.SECONDS));
      assertTrue(failure.getMessage().contains("did not answer within 300 ms"), failure.toString());

      proxy.resume();
      assertEquals("PONG", redis.send(Request.cmd(Command.PING)).await(10, TimeUnit.SECONDS).toString(),
        "the stuck connection was dropped: the next command opened a new one");
      redis.close().await();
    }
  }

  @Test
  void aDroppedConnectionIsReplacedByTheNextCommand(Vertx vertx) throws InterruptedException {
    Redis redis = Databases.redis(vertx, TestStorage.redisUrl());
    String before = redis.send(Request.cmd(Command.CLIENT).arg("ID")).await().toString();
    Redis killer = Databases.redis(vertx, TestStorage.redisUrl());
    killer.send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(before)).await();
    Thread.sleep(300); // the closed connection is noticed

    String after = redis.send(Request.cmd(Command.CLIENT).arg("ID")).await().toString();
    assertEquals("PONG", redis.send(Request.cmd(Command.PING)).await().toString());
    assertNotEquals(before, after, "a new connection");
    Future.join(redis.close(), killer.close()).await();
  }
}

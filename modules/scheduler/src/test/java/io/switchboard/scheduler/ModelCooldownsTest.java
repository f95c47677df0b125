package io.switchboard.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.store.Databases;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-model cooldowns on the embedded Redis: one model of an account rests, its others do not. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class ModelCooldownsTest {

  @Test
  void aCooldownHoldsForItsModelOnlyAndASchedulerStartingLaterReadsIt(Vertx vertx) {
    Redis redis = Databases.redis(vertx, TestStorage.redisUrl());
    long now = System.currentTimeMillis();
    ModelCooldowns running = new ModelCooldowns(redis);

    assertTrue(running.start(7, "gpt-4o", "rate_limited", now + 30_000, now), "a new cooldown");
    assertFalse(running.start(7, "gpt-4o", "rate_limited", now + 10_000, now), "already running");
    running.start(7, "llama3:8b", "overloaded", now + 20_000, now);

    assertEquals(new ModelCooldowns.Cooldown("rate_limited", now + 30_000), running.running(7, "gpt-4o", now));
    assertNull(running.running(7, "gpt-4o-mini", now), "another model of the account is not touched");
    assertNull(running.running(8, "gpt-4o", now), "nor another account");
    assertNull(running.running(7, "gpt-4o", now + 30_000), "over at its end");

    // the Redis writes are not waited for by the scheduler: wait for them here
    long deadline = System.currentTimeMillis() + 5000;
    while (redis.send(Request.cmd(Command.HLEN).arg("sb:cooldown:7")).await().toInteger() < 2
      && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    ModelCooldowns later = new ModelCooldowns(redis);
    later.load(List.of(7L, 8L), now + 1).await();
    assertEquals(new ModelCooldowns.Cooldown("rate_limited", now + 30_000), later.running(7, "gpt-4o", now + 1),
      "the longer end was kept");
    assertEquals(new ModelCooldowns.Cooldown("overloaded", now + 20_000), later.running(7, "llama3:8b", now + 1));
    long ttl = redis.send(Request.cmd(Command.PTTL).arg("sb:cooldown:7")).await().toLong();
    assertTrue(ttl > 20_000 && ttl <= 30_000, "the hash goes with its last cooldown: " + ttl);

    later.sweep(now + 25_000);
    assertNull(later.running(7, "llama3:8b", now + 1), "swept once over");
    redis.close();
  }
}

package io.switchboard.auth;

import io.switchboard.store.Databases;
import io.switchboard.store.QuotaKeys;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the admission tests read of the embedded Redis and how they drive {@link KeyAdmission} on its context. */
final class AdmissionRedis {
  private static final AtomicLong KEY_IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
  private static final Pattern SCRIPT_RUNS = Pattern.compile("cmdstat_evalsha:calls=(\\d+)");

  private AdmissionRedis() {
  }

  /** A key id of its own: counters of other tests never meet this one's. */
  static long newKeyId() {
    return KEY_IDS.incrementAndGet();
  }

  /** Runs {@code call} on the context, as the auth role does, and waits for what it returns. */
  static <T> T on(Context context, Supplier<Future<T>> call) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(done));
    return done.future().await();
  }

  /** How many times Redis has run a script so far (its command statistics: EVALSHA calls). */
  static long scriptRuns(Redis redis) {
    String stats = redis.send(Request.cmd(Command.INFO).arg("commandstats")).await().toString();
    Matcher calls = SCRIPT_RUNS.matcher(stats);
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }

  /** A field of the key's rate-limit hash (r, t, e, w), or null. */
  static String field(Redis redis, long keyId, String name) {
    Response value = redis.send(Request.cmd(Command.HGET).arg(QuotaKeys.rateLimits(keyId)).arg(name)).await();
    return value == null ? null : value.toString();
  }

  /** Makes Redis hold every script until {@link #resume}; returns the client that paused it. */
  static Redis pauseScripts(Vertx vertx) {
    Redis pausing = Databases.redis(vertx, TestStorage.redisUrl());
    pausing.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(60_000).arg("WRITE")).await();
    return pausing;
  }

  static void resume(Redis pausing) {
    pausing.send(Request.cmd(Command.CLIENT).arg("UNPAUSE")).compose(unpaused -> pausing.close()).await();
  }
}

package io.switchboard.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2id password hashes ({@link Argon2Id}), computed and checked one at a time, on a worker thread of their own
 * ({@value #LANE}), never on an event loop. One at a time because each takes 19 MiB of heap while it runs: a burst of
 * sign-ins checked side by side on the worker pool ran the gateway's heap out (12 at once at {@code -Xmx112m}). At
 * most {@value #MOST_WAITING} wait; more are answered 503.
 */
final class Passwords {
  static final String LANE = "sb-password-hashing";
  static final int MOST_WAITING = 32;
  static final int MIN_LENGTH = 8;
  private static final long RETRY_AFTER_SECONDS = 1;
  /** Hashes asked for and not yet done, in this process. */
  private static final AtomicInteger WAITING = new AtomicInteger();

  private Passwords() {
  }

  /** Made on the lane when first used: checked against when the user does not exist, so the answer takes as long. */
  private static final class Decoy {
    static final String HASH = Argon2Id.hash("decoy-password-for-timing");
  }

  static Future<String> hash(Vertx vertx, String password) {
    return oneAtATime(vertx, () -> Argon2Id.hash(password));
  }

  /** Whether the password matches; {@code hash} null checks a decoy and answers false. */
  static Future<Boolean> verify(Vertx vertx, String password, String hash) {
    return oneAtATime(vertx, () -> Argon2Id.matches(password, hash == null ? Decoy.HASH : hash) && hash != null);
  }

  static void checkStrength(String field, String password) {
    if (password.length() < MIN_LENGTH) {
      throw AdminError.badField(field, "must be at least " + MIN_LENGTH + " characters");
    }
  }

  private static <T> Future<T> oneAtATime(Vertx vertx, Callable<T> work) {
    if (WAITING.incrementAndGet() > MOST_WAITING) {
      WAITING.decrementAndGet();
      return Future.failedFuture(new AdminError(503, "too many passwords are being checked: try again shortly", null,
        RETRY_AFTER_SECONDS));
    }
    // shared by name: every caller on this Vert.x instance queues for its one thread, which goes when none waits
    WorkerExecutor lane = vertx.createSharedWorkerExecutor(LANE, 1);
    return lane.executeBlocking(work, false).andThen(done -> {
      WAITING.decrementAndGet();
      lane.close();
    });
  }
}

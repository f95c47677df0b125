package io.switchboard.admin;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2id password hashes, computed and checked one at a time, on a worker thread of their own ({@value #LANE}),
 * never on an event loop. One at a time because each takes 19 MiB of heap while it runs (besides the 19 MiB the
 * hashing function keeps): a burst of sign-ins checked side by side on the worker pool ran the gateway's heap out
 * (12 at once at {@code -Xmx112m}). At most {@value #MOST_WAITING} wait; more are answered 503.
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

  /** Made on the lane when first used: the function's 19 MiB are allocated, and the decoy hashed, off the loops. */
  private static final class Argon2Id {
    /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
    static final Argon2Function FUNCTION = Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID);
    /** Checked against when the user does not exist, so the answer takes as long either way. */
    static final String DECOY = Password.hash("decoy-password-for-timing").addRandomSalt().with(FUNCTION)
      .getResult();
  }

  static Future<String> hash(Vertx vertx, String password) {
    return oneAtATime(vertx, () -> Password.hash(password).addRandomSalt().with(Argon2Id.FUNCTION).getResult());
  }

  /** Whether the password matches; {@code hash} null checks a decoy and answers false. */
  static Future<Boolean> verify(Vertx vertx, String password, String hash) {
    return oneAtATime(vertx, () -> {
      boolean ok = Password.check(password, hash == null ? Argon2Id.DECOY : hash).with(Argon2Id.FUNCTION);
      return ok && hash != null;
    });
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

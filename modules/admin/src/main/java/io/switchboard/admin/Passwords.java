package io.switchboard.admin;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Argon2id password hashes, computed and checked on a worker thread, never on an event loop. */
final class Passwords {
  /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID);
  /** Checked against when the user does not exist, so the answer takes as long either way. */
  private static final String DECOY = Password.hash("decoy-password-for-timing").addRandomSalt().with(ARGON2)
    .getResult();
  static final int MIN_LENGTH = 8;

  private Passwords() {
  }

  static Future<String> hash(Vertx vertx, String password) {
    return vertx.executeBlocking(() -> Password.hash(password).addRandomSalt().with(ARGON2).getResult(), false);
  }

  /** Whether the password matches; {@code hash} null checks a decoy and answers false. */
  static Future<Boolean> verify(Vertx vertx, String password, String hash) {
    return vertx.executeBlocking(() -> {
      boolean ok = Password.check(password, hash == null ? DECOY : hash).with(ARGON2);
      return ok && hash != null;
    }, false);
  }

  static void checkStrength(String field, String password) {
    if (password.length() < MIN_LENGTH) {
      throw AdminError.badField(field, "must be at least " + MIN_LENGTH + " characters");
    }
  }
}

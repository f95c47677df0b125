package io.switchboard.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Argon2id hashes, checked one at a time: a burst waits its turn, and past {@link Passwords#MOST_WAITING} is refused. */
class PasswordsTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aHashMatchesItsPasswordOnlyAndAnUnknownUserIsCheckedAgainstTheDecoy() throws Exception {
    String hash = Passwords.hash(vertx, "correct horse battery").await(60, TimeUnit.SECONDS);
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertTrue(Passwords.verify(vertx, "correct horse battery", hash).await(60, TimeUnit.SECONDS));
    assertFalse(Passwords.verify(vertx, "correct horse battery!", hash).await(60, TimeUnit.SECONDS));
    assertFalse(Passwords.verify(vertx, "correct horse battery", null).await(60, TimeUnit.SECONDS));
  }

  @Test
  void aBurstPastTheWaitingBoundIsRefusedWith503AndTheRestAreChecked() throws Exception {
    String hash = Passwords.hash(vertx, "correct horse battery").await(60, TimeUnit.SECONDS);
    int asked = Passwords.MOST_WAITING + 8;
    List<Future<Boolean>> checks = new ArrayList<>();
    // asked within a millisecond or two, while the first check (tens of ms of Argon2) runs
    for (int i = 0; i < asked; i++) {
      checks.add(Passwords.verify(vertx, i == 0 ? "correct horse battery" : "guess-" + i, hash));
    }
    Map<String, Integer> answers = new TreeMap<>();
    for (Future<Boolean> check : checks) {
      try {
        answers.merge(String.valueOf(check.await(120, TimeUnit.SECONDS)), 1, Integer::sum);
      } catch (AdminError refused) {
        answers.merge(refused.status + " retry after " + refused.retryAfterSeconds, 1, Integer::sum);
      }
    }

    assertEquals(Map.of("true", 1, "false", Passwords.MOST_WAITING - 1, "503 retry after 1", 8), answers);
    assertTrue(Passwords.verify(vertx, "correct horse battery", hash).await(60, TimeUnit.SECONDS),
      "once the burst is done, a check waits for none");
  }
}

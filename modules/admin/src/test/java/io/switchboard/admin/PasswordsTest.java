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
    assertTrue(hash.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), hash);
    assertTrue(Passwords.verify(vertx, "correct horse battery", hash).await(60, TimeUnit.SECONDS));
    assertFalse(Passwords.verify(vertx, "correct horse battery!", hash).await(60, TimeUnit.SECONDS));
    assertFalse(Passwords.verify(vertx, "correct horse battery", null).await(60, TimeUnit.SECONDS));
  }

  @Test
  void theHashesStoredBeforeStillMatch() throws Exception {
    // made by password4j 1.8.2 (Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID), a 64-byte salt), which kept
    // its 19 MiB block for good
    String stored = "$argon2id$v=19$m=19456,t=2,p=1$EBFy9JwSelgcJaKULIjVf/wz9H54FuQkRy/wc4x0P+j/WApvAIXKUCRH29drv7Wyz6k"
      + "G7jeMfyNrZoy5ueubyA$VyTecOIvnqsW4kz4krijXBEmLcgV13/BvohmmUetl2Q";
    assertTrue(Passwords.verify(vertx, "correct horse battery", stored).await(60, TimeUnit.SECONDS));
    assertFalse(Passwords.verify(vertx, "correct horse batterY", stored).await(60, TimeUnit.SECONDS));
  }

  @Test
  void aStoredHashThatIsNotArgon2idAtSaneParametersMatchesNothing() {
    String good = Argon2Id.hash("correct horse battery");
    assertTrue(Argon2Id.matches("correct horse battery", good));
    for (String bad : new String[] {"", "plain", good.replace("argon2id", "argon2i"), good.replace("v=19", "v=16"),
      good.replace("m=19456", "m=1048576"), good.replace("t=2", "t=x"), good.replace(",p=1", ""),
      good.substring(0, good.lastIndexOf('$')), good.substring(0, good.lastIndexOf('$') + 1) + "!!"}) {
      assertFalse(Argon2Id.matches("correct horse battery", bad), bad);
    }
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

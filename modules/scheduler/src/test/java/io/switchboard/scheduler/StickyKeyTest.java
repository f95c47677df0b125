package io.switchboard.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.api.SessionKey;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When the scheduler works out a request's session key: only when it has accounts to choose between. */
class StickyKeyTest {

  @Test
  void theKeyIsHashedOnlyWithAChoiceOfAccountsAndAFailureRoutesWithoutIt() {
    AtomicInteger hashed = new AtomicInteger();
    SessionKey key = SessionKey.lazy(() -> "k" + hashed.incrementAndGet());
    assertNull(SchedulerVerticle.stickyKey(true, key, 1), "one account: nothing to keep the conversation on");
    assertNull(SchedulerVerticle.stickyKey(false, key, 3), "sticky sessions off (no Redis)");
    assertNull(SchedulerVerticle.stickyKey(true, null, 3), "no key");
    assertEquals(0, hashed.get(), "nothing hashed in any of those");
    assertEquals("k1", SchedulerVerticle.stickyKey(true, key, 2));
    assertNull(SchedulerVerticle.stickyKey(true, SessionKey.lazy(() -> {
      throw new IllegalStateException("a body that cannot be read");
    }), 2), "routed without stickiness");
  }
}

package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads in flight are joined by key until they complete or are forgotten. */
class LookupsTest {
  private final List<Promise<String>> reads = new ArrayList<>();

  private Future<String> read() {
    Promise<String> read = Promise.promise();
    reads.add(read);
    return read.future();
  }

  @Test
  void aKeyBeingReadIsReadOnceAndAgainAfterItsReadCompleted() {
    Lookups<String, String> lookups = new Lookups<>();
    Future<String> first = lookups.of("k", this::read);
    Future<String> joined = lookups.of("k", this::read);
    Future<String> other = lookups.of("other", this::read);
    assertSame(first, joined);
    assertNotSame(first, other);
    assertEquals(2, reads.size());

    reads.get(0).fail("PostgreSQL is down");
    assertEquals("PostgreSQL is down", joined.cause().getMessage(), "a failure reaches every waiting request");
    lookups.of("k", this::read);
    assertEquals(3, reads.size(), "a completed read is not joined");
  }

  @Test
  void aReadBegunBeforeAChangeIsNotJoinedAfterIt() {
    Lookups<String, String> lookups = new Lookups<>();
    Future<String> before = lookups.of("k", this::read);
    lookups.forget("k");
    Future<String> after = lookups.of("k", this::read);
    assertNotSame(before, after);
    reads.get(0).complete("old");
    assertSame(after, lookups.of("k", this::read), "the old read's end does not drop the new one");
    lookups.clear();
    assertNotSame(after, lookups.of("k", this::read));
    assertEquals(3, reads.size());
  }

  @Test
  void aReadThatIsAlreadyCompleteIsNotKept() {
    Lookups<String, String> lookups = new Lookups<>();
    lookups.of("k", () -> Future.succeededFuture("cached"));
    assertEquals("v", lookups.of("k", () -> Future.succeededFuture("v")).result());
  }
}

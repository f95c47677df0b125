package io.switchboard.auth;

import static io.switchboard.auth.AdmissionRedis.on;
import static io.switchboard.auth.AdmissionRedis.pauseScripts;
import static io.switchboard.auth.AdmissionRedis.resume;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Admission;
import io.switchboard.api.AdmissionRelease;
import io.switchboard.store.Databases;
import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaKeys;
import io.switchboard.store.QuotaStore;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Leases on the embedded Redis, through {@link KeyAdmission}: a busy key's requests admitted and released without a
 * script run, what a lease did not use handed back when it ends, and the key's limits never overrun however its
 * requests are spread over instances.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class KeyLeaseTest {
  private Vertx vertx;
  private Redis redis;
  private Pool pool;
  private long keyId;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    redis = Databases.redis(vertx, TestStorage.redisUrl());
    pool = Databases.postgres(vertx, TestStorage.postgresUrl(), 2);
    keyId = AdmissionRedis.newKeyId();
  }

  @AfterEach
  void tearDown() {
    Future.join(redis.close(), pool.close()).await();
  }

  private KeyAdmission admission(Context context, long leaseMs) {
    return new KeyAdmission(context, redis, new QuotaStore(pool), QuotaDay.of("UTC", "test"), 60_000, leaseMs);
  }

  private KeyLimits limits(int rpm, int tpm, int maxConcurrency) {
    return new KeyLimits(keyId, 0, rpm, tpm, maxConcurrency, null, null);
  }

  private static Admission admitted(Context context, KeyAdmission admission, KeyLimits limits, long tokens) {
    Admission admitted = on(context, () -> admission.admit(limits, tokens));
    assertTrue(admitted.admitted(), () -> "refused: " + admitted.refusal());
    return admitted;
  }

  private static void release(Context context, KeyAdmission admission, AdmissionRelease done) {
    on(context, () -> {
      admission.release(done);
      return Future.succeededFuture();
    });
  }

  private static void settle(Context context, KeyAdmission admission) {
    on(context, admission::settled);
  }

  private long scriptRuns() {
    return AdmissionRedis.scriptRuns(redis);
  }

  private String field(String name) {
    return AdmissionRedis.field(redis, keyId, name);
  }

  private long inFlight() {
    return redis.send(Request.cmd(Command.ZCARD).arg(QuotaKeys.requestsInFlight(keyId))).await().toLong();
  }

  private boolean holdsSlot(String slot) {
    return redis.send(Request.cmd(Command.ZSCORE).arg(QuotaKeys.requestsInFlight(keyId)).arg(slot)).await() != null;
  }

  @Test
  void aBusyKeysRequestsAreAdmittedFromALeaseAndItsRemainingCountsDown() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, 60_000);
    KeyLimits limits = limits(100_000, 0, 0);
    assertEquals(99_999, admitted(context, admission, limits, 0).requestsRemaining()); // a script run, and a lease
    assertEquals(String.valueOf(1 + KeyLeases.SHARE_REQUESTS), field("r"), "the lease's requests count as used");
    long runsBefore = scriptRuns();

    for (int i = 1; i <= 50; i++) {
      Admission a = admitted(context, admission, limits, 0);
      assertEquals(99_999 - i, a.requestsRemaining(), "request " + i);
      assertTrue(a.requestsResetMs() > 50_000 && a.requestsResetMs() <= 60_000, "the window's reset: request " + i);
      assertNull(a.slot(), "no concurrency limit, no slot");
    }
    assertEquals(0, scriptRuns() - runsBefore, "the lease admitted all 50 without a script run");

    settle(context, admission);
    assertEquals("51", field("r"), "the unused requests were handed back");
  }

  @Test
  void aLeaseRunningLowIsToppedUpBeforeItRunsOut() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, 60_000);
    KeyLimits limits = limits(1_000_000, 0, 0);
    long runsBefore = scriptRuns();
    int requests = 1 + 2 * KeyLeases.SHARE_REQUESTS;
    for (int i = 0; i < requests; i++) {
      assertEquals(999_999 - i, admitted(context, admission, limits, 0).requestsRemaining(), "request " + i);
    }
    assertEquals(3, scriptRuns() - runsBefore,
      "the first, and a top-up each time a quarter of a share was left: after 768 of the lease, then 1024 more");
    assertEquals(String.valueOf(1 + 3 * KeyLeases.SHARE_REQUESTS), field("r"), "three shares taken");
    settle(context, admission);
    assertEquals(String.valueOf(requests), field("r"), "what was not used went back");
  }

  @Test
  void aTopUpKeepsTheLeasesSlots() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, 60_000);
    KeyLimits limits = limits(1_000_000, 0, 10_000);
    admitted(context, admission, limits, 0);
    long runsBefore = scriptRuns();
    for (int i = 0; i < KeyLeases.SHARE_REQUESTS + 10; i++) { // each released before the next: a slot or two serve all
      Admission a = admitted(context, admission, limits, 0);
      assertEquals(999_998 - i, a.requestsRemaining(), "request " + i);
      release(context, admission, new AdmissionRelease(keyId, a.slot(), 0, 0));
    }
    assertEquals(1, scriptRuns() - runsBefore, "one run: the top-up, asked for with a quarter of the share left");
    assertEquals(1 + KeyLeases.LEASE_SLOTS, inFlight(), "no slot added or removed");
    settle(context, admission);
    assertEquals(1, inFlight(), "the first request's slot is left");
    assertEquals(String.valueOf(1 + KeyLeases.SHARE_REQUESTS + 10), field("r"));
  }

  @Test
  void leasedSlotsComeBackAtTheirReleaseAndTheUnusedAreRemovedWhenTheLeaseEnds() throws InterruptedException {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, 300);
    KeyLimits limits = limits(0, 0, 10_000);
    Admission first = admitted(context, admission, limits, 0);
    assertEquals(1 + KeyLeases.LEASE_SLOTS, inFlight(), "the first request's slot and the lease's");
    long runsBefore = scriptRuns();

    List<Admission> leased = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      leased.add(admitted(context, admission, limits, 0));
      assertTrue(holdsSlot(leased.get(i).slot()), "a slot of the lease: request " + i);
    }
    for (int i = 0; i < 5; i++) { // five finish while the lease lasts: their slots go back to it
      release(context, admission, new AdmissionRelease(keyId, leased.get(i).slot(), 0, 0));
    }
    assertEquals(0, scriptRuns() - runsBefore, "admitted and released without a script run");
    assertEquals(1 + KeyLeases.LEASE_SLOTS, inFlight());

    Thread.sleep(600); // the lease ends (300 ms): its free slots leave Redis, the five still in flight stay
    assertEquals(1 + 5, inFlight());
    for (int i = 5; i < 10; i++) {
      assertTrue(holdsSlot(leased.get(i).slot()), "still in flight: request " + i);
      release(context, admission, new AdmissionRelease(keyId, leased.get(i).slot(), 0, 0));
    }
    release(context, admission, new AdmissionRelease(keyId, first.slot(), 0, 0));
    settle(context, admission);
    assertEquals(0, inFlight(), "every slot released");
  }

  @Test
  void aLeasedSlotReleasedByAnotherInstanceIsFreedInRedis() {
    Context mine = vertx.getOrCreateContext();
    Context theirs = vertx.getOrCreateContext();
    KeyAdmission a = admission(mine, 60_000);
    KeyAdmission b = admission(theirs, 60_000);
    KeyLimits limits = limits(0, 0, 10_000);
    admitted(mine, a, limits, 0);
    Admission leased = admitted(mine, a, limits, 0);
    assertTrue(holdsSlot(leased.slot()));

    release(theirs, b, new AdmissionRelease(keyId, leased.slot(), 0, 0));
    settle(theirs, b);
    assertTrue(!holdsSlot(leased.slot()), "the release reached Redis from the other instance");
    settle(mine, a); // the lease goes back without it
    assertEquals(1, inFlight(), "only the first request's slot is left");
  }

  @Test
  void aLeasesTokensAreCorrectedByWhatItsRequestsUsedAndHandedBack() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, 60_000);
    KeyLimits limits = limits(0, 10_000_000, 0);
    admitted(context, admission, limits, 100);
    long leaseTokens = KeyLeases.SHARE_REQUESTS * 100L; // at most as many tokens as its requests at this estimate
    assertEquals(String.valueOf(100 + leaseTokens), field("t"));

    for (int i = 1; i <= 10; i++) {
      Admission a = admitted(context, admission, limits, 100);
      assertEquals(100, a.admittedTokens());
      assertEquals(10_000_000 - 100 - 100 * i - 50 * (i - 1), a.tokensRemaining(), "request " + i);
      release(context, admission, new AdmissionRelease(keyId, null, 100, 150)); // each used 50 more than admitted
    }
    settle(context, admission);
    assertEquals(String.valueOf(100 + 10 * 150), field("t"), "the window holds what the requests used");
  }

  @Test
  void aRequestItsShareCannotCoverGoesToRedisWithTheShareHandedBackFirst() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, 60_000);
    KeyLimits limits = limits(0, 100_000, 0);
    admitted(context, admission, limits, 100); // a share of (100,000 - 100) / 16 = 6,243 tokens
    assertEquals("6343", field("t"));

    Admission big = admitted(context, admission, limits, 95_000); // fits beside the 100, not beside the share too
    assertEquals(100_000 - 100 - 95_000, big.tokensRemaining());
    settle(context, admission);
    assertEquals("95100", field("t"));
  }

  @Test
  void aCreditForMoreThanTheLeaseCountedGoesToRedisAndTheLeaseDoesNotAdmitOnIt() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, 60_000);
    KeyLimits limits = limits(0, 100_000, 0);
    admitted(context, admission, limits, 100); // a share of 6,243 tokens
    // a request of an earlier window (or another instance's) admitted on 50,000 tokens used none
    release(context, admission, new AdmissionRelease(keyId, null, 50_000, 0));
    admitted(context, admission, limits, 6_000); // within the share: from the lease
    admitted(context, admission, limits, 20_000); // beyond the share (243 left): Redis counts it
    assertEquals("20000", field("t"),
      "Redis took the credit (down to 0), then counted the request: no share swollen by the credit admitted it");
  }

  @Test
  void withEverySlotOfTheLeaseInUseARequestGoesToRedisAndTheLeaseStays() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, 60_000);
    KeyLimits limits = limits(0, 0, 10_000);
    admitted(context, admission, limits, 0);
    List<Admission> leased = new ArrayList<>();
    for (int i = 0; i < KeyLeases.LEASE_SLOTS; i++) {
      leased.add(admitted(context, admission, limits, 0));
    }
    long runsBefore = scriptRuns();
    Admission own = admitted(context, admission, limits, 0);
    assertEquals(1, scriptRuns() - runsBefore, "every slot of the lease in use: a script run");
    assertTrue(holdsSlot(own.slot()));
    release(context, admission, new AdmissionRelease(keyId, leased.get(0).slot(), 0, 0));
    Admission again = admitted(context, admission, limits, 0);
    assertEquals(leased.get(0).slot(), again.slot(), "the lease admits again with the slot it took back");
    assertEquals(1, scriptRuns() - runsBefore);
  }

  @Test
  void aRequestTheLeaseAdmitsAfterWaitingForItMayAskForAnotherAdmissionAtOnce() throws TimeoutException {
    Redis patient = Databases.redis(vertx, TestStorage.redisUrl(), 60_000); // no timeout while scripts are paused
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = new KeyAdmission(context, patient, new QuotaStore(pool), QuotaDay.of("UTC", "test"),
      60_000, 60_000, 60_000);
    KeyLimits limits = limits(100_000, 0, 0);
    KeyLimits otherKey = new KeyLimits(AdmissionRedis.newKeyId(), 0, 10, 0, 0, null, null);
    Redis pausing = pauseScripts(vertx);
    Promise<Future<Admission>> chained = Promise.promise();
    try {
      context.runOnContext(first -> {
        admission.admit(limits, 0); // its run (and the lease it asks for) waits in Redis
        vertx.setTimer(20, later -> chained.complete(admission.admit(limits, 0) // waits for that run's answer
          .compose(admitted -> admission.admit(otherKey, 0)))); // admitted by the lease: at once another admission
      });
      chained.future().await();
    } finally {
      resume(pausing);
    }
    assertEquals(9, chained.future().await().await(10, TimeUnit.SECONDS).requestsRemaining(),
      "the other key's admission was counted");
    settle(context, admission);
    patient.close().await();
  }

  @Test
  void requestsSpreadOverInstancesNeverOverrunTheKeysLimitAndGetAllOfItOnceLeasesAreBack() {
    Context mine = vertx.getOrCreateContext();
    Context theirs = vertx.getOrCreateContext();
    KeyAdmission a = admission(mine, 60_000);
    KeyAdmission b = admission(theirs, 60_000);
    KeyLimits limits = limits(400, 0, 0);
    admitted(mine, a, limits, 0); // and a lease of (400 - 1) / 16 = 24
    assertEquals("25", field("r"));

    int theirCount = 0;
    while (on(theirs, () -> b.admit(limits, 0)).admitted()) {
      theirCount++;
    }
    assertEquals(400 - 25, theirCount, "all but what the first instance holds");
    settle(mine, a); // its lease goes back: 24 unused
    while (on(theirs, () -> b.admit(limits, 0)).admitted()) {
      theirCount++;
    }
    assertEquals(399, theirCount, "the rest of the window");
    assertEquals("400", field("r"));
  }

  @Test
  void aKeyNearItsLimitsIsAdmittedRequestByRequest() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, 60_000);
    KeyLimits limits = limits(31, 0, 0); // a sixteenth of what is left is 1: no lease
    long runsBefore = scriptRuns();
    for (int i = 0; i < 31; i++) {
      assertEquals(30 - i, admitted(context, admission, limits, 0).requestsRemaining(), "request " + i);
    }
    assertEquals("requests", on(context, () -> admission.admit(limits, 0)).refusal());
    assertEquals(32, scriptRuns() - runsBefore, "a script run each");
  }

  @Test
  void withoutLeasesEveryAdmissionIsAScriptRun() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, 0);
    KeyLimits limits = limits(100_000, 0, 10_000);
    long runsBefore = scriptRuns();
    for (int i = 0; i < 5; i++) {
      Admission a = admitted(context, admission, limits, 0);
      assertNotNull(a.slot());
      assertEquals(99_999 - i, a.requestsRemaining());
    }
    assertEquals(5, scriptRuns() - runsBefore);
    assertEquals("5", field("r"));
    assertEquals(5, inFlight());
  }

  @Test
  void aKeyEditedSinceItsLeaseWasTakenHandsItBackAndTakesAnother() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, 60_000);
    admitted(context, admission, limits(100_000, 0, 0), 0);
    admitted(context, admission, limits(100_000, 0, 0), 0);
    Admission edited = admitted(context, admission, limits(200_000, 0, 0), 0); // the first lease goes back
    assertEquals(200_000 - 3, edited.requestsRemaining());
    settle(context, admission);
    assertEquals("3", field("r"));
  }
}

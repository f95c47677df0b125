package io.switchboard.auth;

import static io.switchboard.auth.AdmissionRedis.on;
import static io.switchboard.auth.AdmissionRedis.pauseScripts;
import static io.switchboard.auth.AdmissionRedis.resume;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admission script on the embedded Redis, through {@link KeyAdmission}: admissions gathered in one turn are
 * counted one after another, a release frees a slot whichever instance sends it, and a dead instance's requests in
 * flight stop counting once their slot ttl has passed.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class KeyAdmissionTest {
  private static final Pattern QUEUED_BEHIND_SCRIPT = Pattern.compile("qbuf=(\\d+) .*cmd=evalsha");
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

  private KeyAdmission admission(Context context) {
    return admission(context, redis);
  }

  private KeyAdmission admission(Context context, Redis on) {
    return admission(context, on, KeyAdmission.HOLD_LIMIT_MS);
  }

  private KeyAdmission admission(Context context, Redis on, long holdLimitMs) {
    return new KeyAdmission(context, on, new QuotaStore(pool), QuotaDay.of("UTC", "test"), 60_000, holdLimitMs,
      KeyLeases.LEASE_MS);
  }

  /** A Redis client that waits a minute for its answers: none of its runs times out while scripts are paused. */
  private Redis patientRedis() {
    return Databases.redis(vertx, TestStorage.redisUrl(), 60_000);
  }

  private KeyLimits limits(int rpm, int tpm, int maxConcurrency) {
    return new KeyLimits(keyId, 0, rpm, tpm, maxConcurrency, null, null);
  }

  /** Until when the request in flight with this slot counts (epoch ms), or null when it does not. */
  private String inFlightUntil(String slot) {
    Response score = redis.send(Request.cmd(Command.ZSCORE).arg(QuotaKeys.requestsInFlight(keyId)).arg(slot)).await();
    return score == null ? null : Long.toString((long) Double.parseDouble(score.toString()));
  }

  private String field(String name) {
    return AdmissionRedis.field(redis, keyId, name);
  }

  @Test
  void admissionsOfOneTurnAreCountedOneAfterAnother() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context);
    List<Admission> three = on(context, () -> {
      List<Future<Admission>> asked = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        asked.add(admission.admit(limits(2, 0, 0), 10));
      }
      return Future.all(asked).map(all -> all.<Admission>list());
    });

    assertTrue(three.get(0).admitted());
    assertEquals(1, three.get(0).requestsRemaining());
    assertTrue(three.get(1).admitted());
    assertEquals(0, three.get(1).requestsRemaining());
    assertFalse(three.get(2).admitted());
    assertEquals("requests", three.get(2).refusal());
    assertTrue(three.get(2).retryAfterMs() > 0 && three.get(2).retryAfterMs() <= 60_000);
    assertEquals("2", field("r"));
  }

  @Test
  void moreAdmissionsInOneTurnThanOneRunHoldsAreAllCountedInOrder() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context);
    List<Admission> all = on(context, () -> {
      List<Future<Admission>> asked = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        asked.add(admission.admit(limits(100, 0, 0), 10));
      }
      return Future.all(asked).map(done -> done.<Admission>list());
    });

    for (int i = 0; i < 150; i++) {
      Admission a = all.get(i);
      if (i < 100) {
        assertTrue(a.admitted(), "request " + i);
        assertEquals(99 - i, a.requestsRemaining(), "request " + i);
      } else {
        assertEquals("requests", a.refusal(), "request " + i);
      }
    }
    assertEquals("100", field("r"));
  }

  private long scriptRuns() {
    return AdmissionRedis.scriptRuns(redis);
  }

  @Test
  void whatArrivesWhileARunOfAdmissionsIsInFlightGoesInOneRunOnceItIsAnswered() {
    Redis patient = patientRedis();
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, patient, 60_000); // held until the answer, however long it takes
    assertTrue(on(context, () -> admission.admit(limits(10, 0, 0), 10)).admitted()); // the script is loaded
    long runsBefore = scriptRuns();

    List<Future<Admission>> asked = new ArrayList<>();
    Redis pausing = pauseScripts(vertx);
    try {
      Promise<Void> allAsked = Promise.promise();
      context.runOnContext(first -> {
        asked.add(admission.admit(limits(10, 0, 0), 10)); // its run goes out and waits in Redis
        vertx.setTimer(20, second -> { // two later turns, while that run is in flight
          asked.add(admission.admit(limits(10, 0, 0), 10));
          vertx.setTimer(20, third -> {
            asked.add(admission.admit(limits(10, 0, 0), 10));
            allAsked.complete();
          });
        });
      });
      allAsked.future().await();
      assertFalse(asked.get(0).isComplete(), "the first run is still waiting in Redis");
    } finally {
      resume(pausing);
    }
    List<Admission> three = Future.all(asked).map(all -> all.<Admission>list()).await();

    for (int i = 0; i < 3; i++) {
      assertTrue(three.get(i).admitted(), "request " + i);
      assertEquals(8 - i, three.get(i).requestsRemaining(), "counted in the order they came: request " + i);
    }
    assertEquals(2, scriptRuns() - runsBefore, "the two that came while the first run was in flight went in one run");
    assertEquals("4", field("r"));
    patient.close().await();
  }

  /** The bytes of commands sent after the one the auth's connection is blocked on (Redis's CLIENT LIST qbuf). */
  private static long queuedBehindBlockedScript(Redis other) {
    for (String client : other.send(Request.cmd(Command.CLIENT).arg("LIST")).await().toString().split("\n")) {
      Matcher queued = QUEUED_BEHIND_SCRIPT.matcher(client);
      if (queued.find()) {
        return Long.parseLong(queued.group(1));
      }
    }
    return 0;
  }

  /** {@link #queuedBehindBlockedScript} once it is more than 0, or 0 when it stays so for 10 s. */
  private static long awaitQueuedBehindBlockedScript(Redis other) throws InterruptedException {
    long queued = queuedBehindBlockedScript(other);
    for (int i = 0; i < 500 && queued == 0; i++) {
      Thread.sleep(20);
      queued = queuedBehindBlockedScript(other);
    }
    return queued;
  }

  @Test
  void whatArrivesWhileARunStallsGoesAnywayOnceTheHoldLimitHasPassed() throws InterruptedException {
    Redis patient = patientRedis();
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, patient);
    assertTrue(on(context, () -> admission.admit(limits(10, 0, 0), 10)).admitted()); // the script is loaded

    List<Future<Admission>> asked = new ArrayList<>();
    long queued = 0;
    Redis pausing = pauseScripts(vertx);
    try {
      Promise<Void> allAsked = Promise.promise();
      context.runOnContext(first -> {
        asked.add(admission.admit(limits(10, 0, 0), 10)); // its run goes out and stalls in Redis
        vertx.setTimer(20, second -> {
          asked.add(admission.admit(limits(10, 0, 0), 10));
          allAsked.complete();
        });
      });
      allAsked.future().await();
      queued = awaitQueuedBehindBlockedScript(pausing);
    } finally {
      resume(pausing);
    }

    assertTrue(queued > 0, "the second admission went out behind the stalled run once the hold limit had passed");
    assertEquals(8, asked.get(0).await().requestsRemaining());
    assertEquals(7, asked.get(1).await().requestsRemaining());
    patient.close().await();
  }

  @Test
  void anAdmissionDoesNotWaitForARunOfReleasesAlone() throws InterruptedException {
    Redis patient = patientRedis();
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context, patient);
    Admission first = on(context, () -> admission.admit(limits(0, 0, 1), 0));

    Future<Admission> next;
    long queued = 0;
    Redis pausing = pauseScripts(vertx);
    try {
      Promise<Future<Admission>> asked = Promise.promise();
      context.runOnContext(release -> {
        admission.release(new AdmissionRelease(keyId, first.slot(), 0, 0)); // its run goes out and waits in Redis
        vertx.setTimer(20, again -> asked.complete(admission.admit(limits(0, 0, 1), 0))); // the client's next request
      });
      next = asked.future().await();
      queued = awaitQueuedBehindBlockedScript(pausing);
    } finally {
      resume(pausing);
    }

    assertTrue(queued > 0, "the admission's run went out behind the release's, without waiting for its answer");
    assertTrue(next.await().admitted(), "the released slot is free for it: the release ran first");
    patient.close().await();
  }

  @Test
  void inOneTurnAReleaseFreesItsSlotAndEachAdmissionHoldsOneForTheNext() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context);
    KeyLimits limits = limits(0, 1000, 3);
    Admission held = on(context, () -> admission.admit(limits, 100));
    // one turn: the held request is released (it used 40 tokens), then four are asked for three slots
    List<Admission> four = on(context, () -> {
      admission.release(new AdmissionRelease(keyId, held.slot(), held.admittedTokens(), 40));
      List<Future<Admission>> asked = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        asked.add(admission.admit(limits, 100));
      }
      return Future.all(asked).map(all -> all.<Admission>list());
    });

    for (int i = 0; i < 3; i++) {
      assertTrue(four.get(i).admitted(), "request " + i);
      assertEquals(1000 - 40 - 100 * (i + 1), four.get(i).tokensRemaining(), "request " + i);
      assertNotNull(inFlightUntil(four.get(i).slot()), "request " + i + " holds its slot");
    }
    assertEquals("concurrency", four.get(3).refusal(), "three slots, three held");
    assertNull(inFlightUntil(held.slot()), "the released slot is gone");
    assertEquals("340", field("t"));
    assertEquals("4", field("r"));
  }

  /**
   * The script takes a run's requests grouped by key: each answer still reaches its own request, and each key's
   * releases and admissions count against that key alone, in the order they came.
   */
  @Test
  void inOneTurnTheRequestsOfTwoKeysInterleavedEachCountAgainstTheirOwnKey() {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context);
    long otherKeyId = AdmissionRedis.newKeyId();
    KeyLimits mine = limits(3, 1000, 0);
    KeyLimits theirs = new KeyLimits(otherKeyId, 0, 10, 1000, 2, null, null);
    List<Admission> first = on(context, () -> Future.all(List.of(admission.admit(theirs, 100),
      admission.admit(mine, 10), admission.admit(theirs, 200), admission.admit(mine, 10), admission.admit(theirs, 10)))
      .map(all -> all.<Admission>list()));

    assertEquals(List.of(true, true, true, true, false), first.stream().map(Admission::admitted).toList());
    assertEquals(List.of(9L, 2L, 8L, 1L), first.subList(0, 4).stream().map(Admission::requestsRemaining).toList());
    assertEquals(List.of(900L, 990L, 700L, 980L),
      first.subList(0, 4).stream().map(Admission::tokensRemaining).toList());
    assertNull(first.get(1).slot(), "no concurrency limit, no slot");
    assertEquals("concurrency", first.get(4).refusal());

    // one turn: both of theirs released (one used 50 tokens more than admitted) and one of mine (100 more), then each
    // key asks again
    List<Admission> second = on(context, () -> {
      admission.release(new AdmissionRelease(otherKeyId, first.get(0).slot(), 100, 150));
      admission.release(new AdmissionRelease(keyId, null, 10, 110));
      admission.release(new AdmissionRelease(otherKeyId, first.get(2).slot(), 200, 200));
      return Future.all(List.of(admission.admit(mine, 10), admission.admit(theirs, 100), admission.admit(mine, 10),
        admission.admit(theirs, 100), admission.admit(theirs, 100))).map(all -> all.<Admission>list());
    });

    assertEquals(List.of(true, true, false, true, false), second.stream().map(Admission::admitted).toList());
    assertEquals(0, second.get(0).requestsRemaining());
    assertEquals(1000 - 20 - 100 - 10, second.get(0).tokensRemaining());
    assertEquals("requests", second.get(2).refusal(), "three a minute for mine");
    assertEquals(List.of(7L, 6L), List.of(second.get(1).requestsRemaining(), second.get(3).requestsRemaining()),
      "the refused one of the first turn did not count");
    assertEquals(List.of(550L, 450L), List.of(second.get(1).tokensRemaining(), second.get(3).tokensRemaining()));
    assertEquals("concurrency", second.get(4).refusal(), "two slots freed, two taken");
    assertEquals("3", field("r"));
    assertEquals("130", field("t"));
    Response theirCount = redis.send(Request.cmd(Command.HGET).arg(QuotaKeys.rateLimits(otherKeyId)).arg("r")).await();
    assertEquals("4", theirCount.toString());
  }

  @Test
  void aReleaseFromAnotherInstanceFreesTheSlotAndReconcilesTheTokens() {
    Context first = vertx.getOrCreateContext();
    Context second = vertx.getOrCreateContext();
    KeyAdmission a = admission(first);
    KeyAdmission b = admission(second);
    KeyLimits limits = limits(0, 1000, 1);

    Admission held = on(first, () -> a.admit(limits, 100));
    assertTrue(held.admitted());
    assertEquals(100, held.admittedTokens());
    Admission refused = on(second, () -> b.admit(limits, 100));
    assertFalse(refused.admitted());
    assertEquals("concurrency", refused.refusal());
    assertNull(refused.slot());

    // the request really used 300 tokens: the window moves by +200, and the slot is free again
    on(second, () -> {
      b.release(new AdmissionRelease(keyId, held.slot(), held.admittedTokens(), 300));
      return Future.succeededFuture();
    });
    Admission next = on(second, () -> b.admit(limits, 50));
    assertTrue(next.admitted(), "the slot was released");
    assertEquals(1000 - 300 - 50, next.tokensRemaining());
    assertEquals("350", field("t"));
  }

  @Test
  void aStopThatWaitsUntilSettledBeforeClosingRedisLosesNoRelease() {
    Redis own = Databases.redis(vertx, TestStorage.redisUrl()); // closed here as a stopping auth role closes its own
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = new KeyAdmission(context, own, new QuotaStore(pool), QuotaDay.of("UTC", "test"), 60_000,
      KeyLeases.LEASE_MS);
    Admission held = on(context, () -> admission.admit(limits(0, 0, 1), 0));
    assertNotNull(inFlightUntil(held.slot()));

    on(context, () -> {
      admission.release(new AdmissionRelease(keyId, held.slot(), 0, 0)); // its script run is the next turn's
      return admission.settled().compose(settled -> own.close());
    });

    assertNull(inFlightUntil(held.slot()), "the release reached Redis before the client closed");
    assertTrue(on(context, () -> Future.succeededFuture(admission.settled().isComplete())),
      "nothing pending: settled at once");
  }

  @Test
  void aDeadInstancesRequestsInFlightLapseAfterTheSlotTtl() {
    long now = System.currentTimeMillis();
    // one instance died with 2 requests in flight (they counted until a second ago); another is alive with 1
    redis.send(Request.cmd(Command.ZADD).arg(QuotaKeys.requestsInFlight(keyId)).arg(now - 1000).arg("dead.1")
      .arg(now - 1000).arg("dead.2").arg(now + 600_000).arg("alive.1")).await();
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context);

    Admission admitted = on(context, () -> admission.admit(limits(0, 0, 2), 0));
    assertTrue(admitted.admitted(), "only the live instance's request counts");
    assertNull(inFlightUntil("dead.1"), "the dead instance's slots are swept");
    assertNull(inFlightUntil("dead.2"));
    assertEquals(now + 600_000, Long.parseLong(inFlightUntil("alive.1")), "the live one's stays");
    Admission refused = on(context, () -> admission.admit(limits(0, 0, 2), 0));
    assertEquals("concurrency", refused.refusal());
  }

  @Test
  void aLostReleaseLapsesAfterTheSlotTtlWhileItsInstanceKeepsAdmitting() throws InterruptedException {
    Context context = vertx.getOrCreateContext();
    KeyAdmission admission = admission(context);
    KeyLimits limits = limits(0, 0, 2);
    Admission lost = on(context, () -> admission.admit(limits, 0)); // its release never comes
    assertTrue(lost.admitted());
    for (int i = 0; i < 3; i++) { // the same instance stays busy: requests come and go
      Admission passing = on(context, () -> admission.admit(limits, 0));
      assertTrue(passing.admitted(), "request " + i);
      on(context, () -> {
        admission.release(new AdmissionRelease(keyId, passing.slot(), 0, 0));
        return Future.succeededFuture();
      });
    }
    // the lost request's slot ttl passes (its expiry moved into the past: the ttl here is a minute)
    assertTrue(Long.parseLong(inFlightUntil(lost.slot())) > System.currentTimeMillis() + 50_000,
      "a request in flight counts until a slot ttl after its admission");
    redis.send(Request.cmd(Command.ZADD).arg(QuotaKeys.requestsInFlight(keyId)).arg(System.currentTimeMillis() - 1)
      .arg(lost.slot())).await();

    Admission one = on(context, () -> admission.admit(limits, 0));
    Admission two = on(context, () -> admission.admit(limits, 0));
    assertTrue(one.admitted() && two.admitted(), "the lost request no longer holds a slot");
    assertEquals("concurrency", on(context, () -> admission.admit(limits, 0)).refusal());
    Thread.sleep(1000); // lapsed slots are cut at most once a second
    assertEquals("concurrency", on(context, () -> admission.admit(limits, 0)).refusal());
    assertNull(inFlightUntil(lost.slot()), "its slot is swept");
  }
}

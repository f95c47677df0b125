package io.switchboard.auth;

import io.switchboard.api.Admission;
import io.switchboard.api.AdmissionRelease;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaKeys;
import io.switchboard.store.QuotaStore;
import io.switchboard.store.QuotaStore.CounterRead;
import io.switchboard.store.RedisScript;
import io.switchboard.store.SpendCounterCache;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits requests against their key's limits and their user's quota with one Lua script (atomic across every
 * auth instance on every node): budget, balance and daily quota, then requests and tokens per minute and
 * concurrent requests. A spend counter missing from Redis is rebuilt from PostgreSQL and the request admitted
 * again. A spent daily quota moves the request to the user's fallback group; with none, or a spent balance or key
 * budget, the request fails with 402. The admissions and the releases of finished requests that arrive in one turn
 * of the event loop go to Redis together, in one script run (each admission still atomic on its own), and while a run
 * with admissions is in flight what arrives waits for its answer (at most {@link #HOLD_LIMIT_MS}) and goes in the
 * next: under load that is one round trip for several requests (a run's fixed cost in Redis is most of its cost), and
 * alone it is one round trip as before. A key whose admission reads no spend counter (only rate and concurrency limits)
 * is admitted from a lease ({@link KeyLease}) while this instance holds one: a share of the key's window and slots
 * taken in the same run as an admission, so that most of a busy key's requests (and their releases) need no round
 * trip at all; a key near its limits gets no lease and is admitted request by request, exactly.
 */
final class KeyAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(KeyAdmission.class);
  static final long WINDOW_MS = 60_000;
  private static final long DAY_COUNTER_TTL_MS = 2 * 86_400_000L;
  private static final long CACHED_COUNTER_TTL_MS = 3_600_000L;
  /** Entries in one script run at most: a long run would hold up every other Redis client. */
  private static final int MAX_RUN = 64;
  /**
   * How long what arrives waits at most for the run in flight before it goes anyway, in a run of its own: Redis
   * answers a run in well under a millisecond, and one that stalls must not make a request wait for the command
   * timeout twice (the run's, then its own).
   */
  static final long HOLD_LIMIT_MS = 10;
  private final Context context;
  private final Redis redis;
  private final QuotaStore quotas;
  private final QuotaDay quotaDay;
  private final String slotTtl;
  private final long holdLimitMs;
  private final KeyLeases leases;
  private final RedisScript admit = RedisScript.named("admit");
  private final SpendCounterCache counters;
  /**
   * Names this instance's slots apart from every other's: a slot is one request in flight, {@code <owner>.<n>}, with
   * its own expiry in Redis, so a slot whose release is lost lapses by itself. A release names it, whichever
   * instance frees it.
   */
  private final String owner = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private long slots;
  private List<Pending> admissions = new ArrayList<>();
  private List<AdmissionRelease> releases = new ArrayList<>();
  private boolean runScheduled;
  /** Script runs sent and not yet answered, and counter rebuilds whose admission has yet to go again. */
  private int running;
  /**
   * Script runs with admissions sent and not yet answered: while one is, what arrives waits for its answer and goes in
   * the next run. A run of releases alone holds nothing up: nobody waits for it, and a client sending its next request
   * as soon as one ends would otherwise wait for the release of the one before.
   */
  private int admissionRunsInFlight;
  /** The timer sending what waits once {@link #holdLimitMs} has passed; -1 when none is set. */
  private long holdTimer = -1;
  private List<Promise<Void>> whenSettled = new ArrayList<>();

  /** An admission waiting for the next run. */
  private record Pending(KeyLimits limits, long tokens, String slot, int triesLeft, Promise<Admission> promise) {
  }

  KeyAdmission(Context context, Redis redis, QuotaStore quotas, QuotaDay quotaDay, long slotTtlMs, long leaseMs) {
    this(context, redis, quotas, quotaDay, slotTtlMs, HOLD_LIMIT_MS, leaseMs);
  }

  KeyAdmission(Context context, Redis redis, QuotaStore quotas, QuotaDay quotaDay, long slotTtlMs, long holdLimitMs,
               long leaseMs) {
    this.context = context;
    this.redis = redis;
    this.quotas = quotas;
    this.quotaDay = quotaDay;
    this.slotTtl = Long.toString(slotTtlMs);
    this.holdLimitMs = holdLimitMs;
    this.counters = new SpendCounterCache(redis);
    this.leases = new KeyLeases(context, leaseMs, owner, this::scheduleRun);
  }

  /**
   * How this request is admitted: refused (429 for the caller to tell), admitted, or failed with 402 (call on this
   * role's context).
   */
  Future<Admission> admit(KeyLimits limits, long estimatedTokens) {
    long tokens = limits.tpm() > 0 ? Math.max(1, estimatedTokens) : 0; // >0 marks a token window to reconcile
    Admission leased = leases.admit(limits, tokens);
    if (leased != null) {
      return Future.succeededFuture(leased);
    }
    Promise<Admission> promise = Promise.promise();
    enqueue(new Pending(limits, tokens, owner + "." + ++slots, 3, promise));
    return promise.future();
  }

  /**
   * Frees the request's slot and corrects its token window by what it really used, in the next run (call on this
   * role's context).
   */
  void release(AdmissionRelease done) {
    long correction = tokenCorrection(done);
    if (done.slot() == null && correction == 0) {
      return;
    }
    if (leases.release(done.keyId(), done.slot(), correction)) {
      return;
    }
    releases.add(done);
    scheduleRun();
  }

  /**
   * Hands back every lease held, and completes once every admission, release and hand-back so far has had its script
   * run answered (or failed): what a stop waits for before it closes the Redis client, which would cut the last
   * releases short; a lease taken after this goes straight back (call on this role's context).
   */
  Future<Void> settled() {
    leases.endAll();
    if (leases.hasWork()) {
      scheduleRun();
    }
    if (running == 0 && !runScheduled) {
      return Future.succeededFuture();
    }
    Promise<Void> settled = Promise.promise();
    whenSettled.add(settled);
    return settled.future();
  }

  private void enqueue(Pending pending) {
    admissions.add(pending);
    scheduleRun();
  }

  private void scheduleRun() {
    if (runScheduled) {
      return;
    }
    if (admissionRunsInFlight == 0) {
      runScheduled = true;
      context.runOnContext(v -> run());
    } else if (holdTimer < 0) {
      holdTimer = context.owner().setTimer(holdLimitMs, id -> {
        holdTimer = -1;
        if (!runScheduled) { // else a run is on its way already
          run();
        }
      });
    }
  }

  private void run() {
    runScheduled = false;
    if (holdTimer >= 0) {
      context.owner().cancelTimer(holdTimer);
      holdTimer = -1;
    }
    List<Pending> waiting = admissions;
    List<AdmissionRelease> released = releases;
    admissions = new ArrayList<>();
    releases = new ArrayList<>();
    List<Pending> admitting = new ArrayList<>(waiting.size());
    List<Runnable> leased = new ArrayList<>();
    for (Pending p : waiting) { // a lease taken since they came admits them here
      Admission admitted = leases.admit(p.limits(), p.tokens());
      if (admitted != null) {
        leased.add(() -> p.promise().complete(admitted));
      } else {
        admitting.add(p);
      }
    }
    List<KeyLease.HandBack> handedBack = leases.takeHandBacks();
    List<KeyLease> low = leases.takeLow();
    String day = quotaDay.todayName();
    int r = 0;
    int a = 0;
    while (r < released.size() || a < admitting.size() || !handedBack.isEmpty() || !low.isEmpty()) {
      int releaseEnd = Math.min(released.size(), r + MAX_RUN);
      int admitEnd = Math.min(admitting.size(), a + Math.max(0, MAX_RUN - (releaseEnd - r)));
      // a lease only in the last run: one taken before it would hold what the next run's admissions are refused
      boolean last = admitEnd == admitting.size();
      run(handedBack, released.subList(r, releaseEnd), admitting.subList(a, admitEnd), day, last ? low : null);
      handedBack = List.of(); // all in the first run: a lease hands back once, however many slots
      if (last) {
        low = List.of();
      }
      r = releaseEnd;
      a = admitEnd;
    }
    leased.forEach(Runnable::run); // last: what their callers do next (another admission) goes in a run of its own
    completeIfSettled();
  }

  private boolean hasWork() {
    return !(admissions.isEmpty() && releases.isEmpty()) || leases.hasWork();
  }

  /**
   * What the script reads of an admission's limits: admissions alike in these go to it as one group (a user's balance
   * moving between two of a key's requests does not part them; the script only asks whether it is checked).
   */
  private record ScriptLimits(long keyId, long userId, int rpm, int tpm, int maxConcurrency, long dailyQuota,
                              boolean checksBalance, long budgetMicros, boolean hasFallback) {
    static ScriptLimits of(KeyLimits limits) {
      return new ScriptLimits(limits.keyId(), limits.userId(), limits.rpm(), limits.tpm(), limits.maxConcurrency(),
        limits.dailyQuota(), limits.checksBalance(), limits.budgetMicros() == null ? -1 : limits.budgetMicros(),
        limits.fallbackGroup() != null);
    }
  }

  /** One group of a run's admissions (none: a top-up alone), and the lease it asks for (null: none). */
  private record AdmissionGroup(KeyLimits limits, List<Pending> pending, KeyLeases.Ask lease) {
  }

  /**
   * One script run: the hand-backs, then the releases grouped by key and the admissions by limits (see
   * redis/admit.lua), so each key's names and limits go once; the groups run in the order of their first request and a
   * group's requests in the order they came, so the admissions' answers come in that order. Requests of different keys
   * share only what an admission reads (a user's balance, daily spend and fallback mark), so their order does not
   * change their answers; two requests of one key under different limits (the key edited between them) are counted
   * group by group. Unless {@code low} is null (no lease asked for in this run), a group of a leasable key asks for a
   * lease when none is asked for already: a new one, or a top-up of the one held; and a lease running low is topped up
   * in a group of its own when no admission of its key is in the run.
   */
  private void run(List<KeyLease.HandBack> handedBack, List<AdmissionRelease> released, List<Pending> admitting,
                   String day, List<KeyLease> low) {
    Map<Long, List<AdmissionRelease>> releasesByKey = new LinkedHashMap<>();
    released.forEach(done -> releasesByKey.computeIfAbsent(done.keyId(), id -> new ArrayList<>(2)).add(done));
    Map<ScriptLimits, List<Pending>> admissionsByLimits = new LinkedHashMap<>();
    admitting.forEach(p -> admissionsByLimits.computeIfAbsent(ScriptLimits.of(p.limits()), l -> new ArrayList<>(2))
      .add(p));
    Map<ScriptLimits, KeyLease> topUps = new HashMap<>();
    boolean mayLease = low != null;
    (mayLease ? low : List.<KeyLease>of()).forEach(lease -> {
      ScriptLimits limits = ScriptLimits.of(lease.limits());
      if (admissionsByLimits.putIfAbsent(limits, List.of()) == null) {
        topUps.put(limits, lease);
      }
    });
    int releaseGroups = handedBack.size() + releasesByKey.size();
    List<String> keys = new ArrayList<>(releaseGroups * 2 + admissionsByLimits.size() * 6);
    List<String> args = new ArrayList<>(4 + releaseGroups * 4 + released.size() * 2
      + admissionsByLimits.size() * 13 + admitting.size() * 2);
    args.add(Integer.toString(releaseGroups));
    args.add(Long.toString(WINDOW_MS));
    args.add(slotTtl);
    args.add(Integer.toString(admissionsByLimits.size()));
    for (KeyLease.HandBack back : handedBack) {
      releaseGroup(keys, args, back.keyId(), back.slots().size(), back.requests(), back.tokens(), back.windowEnd());
      for (String slot : back.slots()) {
        args.add(slot);
        args.add("0");
      }
    }
    releasesByKey.forEach((keyId, ofKey) -> {
      releaseGroup(keys, args, keyId, ofKey.size(), 0, 0, 0);
      for (AdmissionRelease done : ofKey) {
        args.add(done.slot() == null ? "" : done.slot());
        args.add(Long.toString(tokenCorrection(done)));
      }
    });
    List<AdmissionGroup> groups = new ArrayList<>(admissionsByLimits.size()); // in the order of the script's answers
    admissionsByLimits.forEach((limits, alike) -> {
      KeyLimits asked = alike.isEmpty() ? topUps.get(limits).limits() : alike.get(0).limits();
      KeyLeases.Ask lease = mayLease ? leases.ask(asked) : null;
      long mostTokens = Math.max(alike.stream().mapToLong(Pending::tokens).max().orElse(0),
        lease == null || lease.topping() == null ? 0 : lease.topping().estimate());
      keys.addAll(counterNames(limits.keyId(), limits.userId(), day));
      args.add(Integer.toString(limits.rpm()));
      args.add(Integer.toString(limits.tpm()));
      args.add(Integer.toString(limits.maxConcurrency()));
      args.add(Long.toString(limits.dailyQuota()));
      args.add(limits.checksBalance() ? "1" : "0");
      args.add(Long.toString(limits.budgetMicros()));
      args.add(limits.hasFallback() ? "1" : "0");
      args.add(lease == null ? "" : lease.slotPrefix());
      args.add(Integer.toString(KeyLeases.SHARE_REQUESTS));
      args.add(Integer.toString(lease == null ? 0 : lease.slots()));
      args.add(Long.toString(4 * mostTokens)); // fewer tokens than four such requests: not worth a lease
      args.add(Long.toString(KeyLeases.SHARE_REQUESTS * mostTokens));
      args.add(Integer.toString(alike.size()));
      for (Pending p : alike) {
        args.add(Long.toString(p.tokens()));
        args.add(p.slot());
      }
      groups.add(new AdmissionGroup(asked, alike, lease));
    });
    boolean admits = !groups.isEmpty();
    running++;
    if (admits) {
      admissionRunsInFlight++;
    }
    admit.run(redis, keys, args).onComplete(ran -> {
      if (admits) {
        admissionRunsInFlight--;
      }
      try {
        answer(ran, handedBack, released.size(), groups, day);
      } finally {
        running--;
        if (admissionRunsInFlight == 0 && hasWork()) {
          scheduleRun();
        }
        completeIfSettled();
      }
    });
  }

  /**
   * A release group's names and its head (see redis/admit.lua): its n slots and corrections follow; what a lease hands
   * back (requests, tokens, the end of their window), 0 for releases alone.
   */
  private static void releaseGroup(List<String> keys, List<String> args, long keyId, int n, long backRequests,
                                   long backTokens, long windowEnd) {
    keys.add(QuotaKeys.rateLimits(keyId));
    keys.add(QuotaKeys.requestsInFlight(keyId));
    args.add(Integer.toString(n));
    args.add(Long.toString(backRequests));
    args.add(Long.toString(backTokens));
    args.add(Long.toString(windowEnd));
  }

  private void completeIfSettled() {
    if (running == 0 && !runScheduled && !whenSettled.isEmpty()) {
      List<Promise<Void>> waiting = whenSettled;
      whenSettled = new ArrayList<>();
      waiting.forEach(Promise::tryComplete);
    }
  }

  /**
   * A script run's answer handed to its admissions, in the order of its replies, and its leases held; a failure fails
   * them all (its hand-backs are sent again).
   */
  private void answer(AsyncResult<Response> ran, List<KeyLease.HandBack> handedBack, int releasesSent,
                      List<AdmissionGroup> groups, String day) {
    if (ran.failed()) {
      groups.stream().filter(group -> group.lease() != null)
        .forEach(group -> leases.answered(group.lease(), group.limits(), null, 0));
      leases.failed(handedBack);
      GatewayMetrics.storageError("redis", "auth");
      if (releasesSent > 0) {
        LOG.warn("{} finished requests were not released (their slots expire by themselves): {}", releasesSent,
          ran.cause().getMessage());
      }
      groups.forEach(group -> group.pending().forEach(p -> p.promise().fail(ran.cause())));
      return;
    }
    Response reply = ran.result();
    int at = 0;
    for (AdmissionGroup group : groups) {
      for (Pending p : group.pending()) {
        settle(p, new AdmissionReply(reply, at), day);
        at += 8;
      }
      if (group.lease() != null) {
        leased(group, reply, at);
      }
      at += 7;
    }
  }

  /** A group's lease from the script's 7 values at {@code at} (see redis/admit.lua). */
  private void leased(AdmissionGroup group, Response reply, int at) {
    KeyLease.Share share = new KeyLease.Share(reply.get(at).toLong(), reply.get(at + 1).toLong(),
      reply.get(at + 3).toLong(), reply.get(at + 4).toLong(), reply.get(at + 5).toLong(), reply.get(at + 6).toLong());
    leases.answered(group.lease(), group.limits(), share, reply.get(at + 2).toInteger());
  }

  private static long tokenCorrection(AdmissionRelease done) {
    return done.admittedTokens() > 0 ? done.usedTokens() - done.admittedTokens() : 0;
  }

  /** The Redis counters one key's admission reads (the day's names change at the quota day's midnight). */
  private static List<String> counterNames(long keyId, long userId, String day) {
    return List.of(QuotaKeys.rateLimits(keyId), QuotaKeys.daySpend(userId, day), QuotaKeys.balance(userId),
      QuotaKeys.keySpend(keyId), QuotaKeys.fallbackMark(userId, day), QuotaKeys.requestsInFlight(keyId));
  }

  /** One admission's 8 values in the script's flat reply, from {@code at} (see redis/admit.lua). */
  private record AdmissionReply(Response reply, int at) {
    Response get(int field) {
      return reply.get(at + field);
    }
  }

  private void settle(Pending p, AdmissionReply reply, String day) {
    String verdict = reply.get(0).toString();
    if (!verdict.startsWith("missing:")) {
      verdict(verdict, reply, p.limits(), p.tokens(), p.slot()).onComplete(p.promise());
    } else if (p.triesLeft() == 0) {
      p.promise().fail(new GatewayException(ErrorKind.UNAVAILABLE, "Quota counters are not available."));
    } else {
      running++;
      rebuild(verdict.substring("missing:".length()), p.limits(), day).onComplete(rebuilt -> {
        running--;
        try {
          if (rebuilt.failed()) {
            p.promise().fail(rebuilt.cause());
          } else {
            enqueue(new Pending(p.limits(), p.tokens(), p.slot(), p.triesLeft() - 1, p.promise()));
          }
        } finally {
          completeIfSettled();
        }
      });
    }
  }

  private Future<Admission> verdict(String verdict, AdmissionReply r, KeyLimits limits, long tokens, String slot) {
    boolean onFallback = r.get(1).toLong() == 1;
    if (r.get(7).toLong() == 1) {
      quotas.markFallback(limits.userId())
        .onFailure(failure -> LOG.warn("could not mark user {} as on fallback: {}", limits.userId(), failure.getMessage()));
    }
    return switch (verdict) {
      case "quota" -> Future.failedFuture(new GatewayException(ErrorKind.QUOTA_EXHAUSTED,
        "You have used up today's quota. It resets at midnight (" + quotaDay.zone() + ")."));
      case "balance" -> Future.failedFuture(new GatewayException(ErrorKind.QUOTA_EXHAUSTED,
        "Your balance is used up. Please top up to continue."));
      case "budget" -> Future.failedFuture(new GatewayException(ErrorKind.QUOTA_EXHAUSTED,
        "This API key has used up its budget."));
      default -> {
        boolean admitted = "ok".equals(verdict);
        yield Future.succeededFuture(new Admission(admitted, admitted ? null : verdict, r.get(6).toLong(),
          admitted && limits.maxConcurrency() > 0 ? slot : null, admitted ? tokens : 0, limits.rpm(),
          r.get(2).toLong(), r.get(3).toLong(), limits.tpm(), r.get(4).toLong(), r.get(5).toLong(), onFallback));
      }
    };
  }

  /** Puts the counter back from PostgreSQL, exact even while charges race it ({@link SpendCounterCache}). */
  private Future<Void> rebuild(String counter, KeyLimits limits, String day) {
    String name;
    Supplier<Future<CounterRead>> read;
    long ttl;
    switch (counter) {
      case "day" -> {
        name = QuotaKeys.daySpend(limits.userId(), day);
        read = () -> quotas.spendSinceRead(limits.userId(), quotaDay.startOfToday());
        ttl = DAY_COUNTER_TTL_MS;
      }
      case "balance" -> {
        name = QuotaKeys.balance(limits.userId());
        read = () -> quotas.balanceRead(limits.userId());
        ttl = CACHED_COUNTER_TTL_MS;
      }
      default -> {
        name = QuotaKeys.keySpend(limits.keyId());
        read = () -> quotas.keySpendRead(limits.keyId());
        ttl = CACHED_COUNTER_TTL_MS;
      }
    }
    return counters.rebuild(name, () -> read.get().onFailure(failure ->
      GatewayMetrics.storageError("postgres", "auth")), ttl).mapEmpty();
  }

  /**
   * A user's balance changed in PostgreSQL (a top-up): the cached counter is dropped (with any rebuild of it under
   * way, which may have read the old balance) and rebuilt when read.
   */
  Future<Void> forgetBalance(long userId) {
    return counters.invalidate(List.of(QuotaKeys.balance(userId)));
  }
}

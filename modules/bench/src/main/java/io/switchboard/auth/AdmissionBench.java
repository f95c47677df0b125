package io.switchboard.auth;

import io.switchboard.api.Admission;
import io.switchboard.api.AdmissionRelease;
import io.switchboard.bench.BenchDefaults;
import io.switchboard.store.Databases;
import io.switchboard.store.EmbeddedStorage;
import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaStore;
import io.switchboard.testkit.TempDirs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A request's admission against its key's limits (requests and tokens per minute, requests in flight) and its release
 * once done, as the auth role runs them ({@link KeyAdmission}, in this package: it is package-private): the admission
 * script on the embedded Redis, reached on its Unix socket as the gateway reaches it. {@code perTurn} requests are
 * admitted in one turn of the event loop together with the releases of the turn before, so in one script run, as under
 * load; 1 is a request alone, which waits for the whole round trip. Time per request, wall-clock: without a lease
 * mostly Redis running the script, which is outside this JVM (the allocation column is the gateway's own); with one,
 * most requests are admitted and released by the lease, and a script run takes the next lease when one runs out.
 */
@Warmup(iterations = 5, time = 3) // the Redis client's paths take longer to compile than one iteration of the default
public class AdmissionBench extends BenchDefaults {
  private static final int REQUESTS = 64;
  private static final long TOKENS = 10;
  private final KeyLimits limits = new KeyLimits(1, 1, Integer.MAX_VALUE, Integer.MAX_VALUE, 10_000, null, null); // a lease admits ~10^6 a second
  @Param({"1", "8", "32"})
  public int perTurn;
  /** How long a lease of the key's limits lasts (0: none, each admission goes to Redis; see {@link KeyLease}). */
  @Param({"0", "1000"})
  public long leaseMs;
  private Path dataDir;
  private EmbeddedStorage storage;
  private Vertx vertx;
  private Redis redis;
  private Pool pool;
  private Context context;
  private KeyAdmission admission;

  @Setup(Level.Trial)
  public void start() {
    dataDir = TempDirs.create("sb-bench-admission");
    storage = EmbeddedStorage.start(dataDir);
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    redis = Databases.redis(vertx, storage.localRedisUrl());
    pool = Databases.postgres(vertx, storage.postgresUrl(), 1); // read only to rebuild a spend counter: never here
    context = vertx.getOrCreateContext();
    admission = new KeyAdmission(context, redis, new QuotaStore(pool), QuotaDay.of("UTC", "bench"), 60_000,
      leaseMs);
  }

  @TearDown(Level.Trial)
  public void stop() throws TimeoutException {
    Promise<Void> settled = Promise.promise(); // the last turn's releases reach Redis before its client closes
    context.runOnContext(v -> admission.settled().onComplete(settled));
    settled.future().await(10, TimeUnit.SECONDS);
    Future.join(redis.close(), pool.close()).await();
    vertx.close().await();
    storage.close();
    TempDirs.deleteTree(dataDir);
  }

  /**
   * {@value #REQUESTS} requests admitted and released, {@code perTurn} at a time, each turn started on the event loop
   * as soon as the one before was answered (only the last answer crosses to the benchmark's thread).
   */
  @Benchmark
  @OperationsPerInvocation(REQUESTS)
  public void admitAndRelease() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> turns(List.of(), 0).onComplete(done));
    done.future().await();
  }

  /**
   * From one turn of the auth role's event loop on: these requests released and the next {@code perTurn} admitted, in
   * one script run; the last turn only releases.
   */
  private Future<Void> turns(List<Admission> finished, int started) {
    finished.forEach(done -> admission.release(new AdmissionRelease(limits.keyId(), done.slot(), TOKENS, TOKENS)));
    if (started == REQUESTS) {
      return Future.succeededFuture();
    }
    List<Future<Admission>> admitted = new ArrayList<>(perTurn);
    for (int i = 0; i < perTurn; i++) {
      admitted.add(admission.admit(limits, TOKENS).map(AdmissionBench::admittedOnly));
    }
    return Future.all(admitted).compose(all -> turns(all.list(), started + perTurn));
  }

  /** A refusal would measure another path than the one this benchmark names. */
  private static Admission admittedOnly(Admission admission) {
    if (!admission.admitted()) {
      throw new IllegalStateException("refused: " + admission.refusal());
    }
    return admission;
  }
}

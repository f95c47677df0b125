package io.switchboard.usage;

import io.switchboard.api.Addresses;
import io.switchboard.api.CapturedBodies;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.KeyActivity;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.QuotaReset;
import io.switchboard.api.UsageRecord;
import io.switchboard.store.BodyCaptureStore;
import io.switchboard.store.ChargeRatesStore;
import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaStore;
import io.switchboard.store.UsagePartitions;
import io.switchboard.store.UsageStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code sb.usage.record}: prices each record, writes {@code usage_log} rows in batches (flushed when a
 * batch is full or every {@code flushIntervalMs}) and moves the spend counters. While PostgreSQL fails, batches go
 * to the durable spool and are replayed, in order, once it is back. Writes happen one after another, so a graceful
 * stop that waits for the last one has written (or spooled) everything. Also keeps usage_log's day partitions
 * ahead of time and answers the daily quota reset. Each fresh batch written is told as {@link KeyActivity}, for the
 * anomaly detection on client keys. Captured request and response bodies go to their own table ({@link BodyArchive}).
 */
public class UsageRecorderVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorderVerticle.class);
  private List<UsageRecord> batch = new ArrayList<>();
  private Future<Void> writes = Future.succeededFuture();
  private UsageSettings settings;
  private Pool pool;
  private Redis redis;
  private UsageStore store;
  private PriceBook prices;
  private SpendCounters counters;
  private UsagePartitions partitions;
  private QuotaStore quotas;
  private UsageSpool spool;
  private BodyArchive bodies;
  private boolean replaying;
  private final List<Long> timers = new ArrayList<>();

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    try {
      settings = UsageSettings.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    pool = settings.storage().postgres(vertx);
    redis = settings.storage().redis(vertx);
    store = new UsageStore(pool);
    prices = new PriceBook(new ChargeRatesStore(pool));
    counters = new SpendCounters(redis, settings.quotaDay());
    partitions = new UsagePartitions(pool);
    quotas = new QuotaStore(pool);
    bodies = new BodyArchive(new BodyCaptureStore(pool), new BodyRedaction(settings.redactFields()),
      settings.batchSize());
    return UsageSpool.open(vertx, Path.of(settings.spoolDir()))
      .onSuccess(opened -> spool = opened)
      .compose(v -> Future.join(
        vertx.eventBus().<UsageRecord>consumer(Addresses.USAGE_RECORD, this::record).completion(),
        vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, m -> prices.configChanged(m.body()))
          .completion(),
        vertx.eventBus().<QuotaReset>consumer(Addresses.QUOTA_RESET, this::resetQuotas).completion(),
        vertx.eventBus().<CapturedBodies>consumer(Addresses.USAGE_BODIES, m -> bodies.add(m.body())).completion()))
      .onSuccess(v -> {
        timers.add(vertx.setPeriodic(settings.flushIntervalMs(), id -> {
          flush();
          bodies.flush();
        }));
        timers.add(vertx.setPeriodic(settings.replayIntervalMs(), id -> replaySpool()));
        timers.add(vertx.setPeriodic(3_600_000, id -> ensurePartitions()));
        ensurePartitions();
        replaySpool();
      });
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    flush();
    replaySpool();
    return writes.eventually(bodies::flush).eventually(() -> Future.join(pool.close(), redis.close()));
  }

  private void record(Message<UsageRecord> message) {
    batch.add(message.body());
    if (batch.size() >= settings.batchSize()) {
      flush();
    }
  }

  private void flush() {
    if (batch.isEmpty()) {
      return;
    }
    List<UsageRecord> rows = batch;
    batch = new ArrayList<>();
    enqueue(() -> write(rows));
  }

  /** Writes run one after another: spooled rows keep their order, and stop() waits for the last. */
  private void enqueue(Supplier<Future<Void>> step) {
    writes = writes.transform(v -> step.get());
  }

  private Future<Void> write(List<UsageRecord> rows) {
    if (spool.hasPending()) {
      return toSpool(rows); // older rows wait in the spool: these go behind them
    }
    return insert(rows, false).onSuccess(written -> vertx.eventBus().send(Addresses.KEY_ACTIVITY,
      KeyActivity.of(rows))).recover(failure -> {
      if (failure instanceof PgException refused && !transientFailure(refused.getSqlState())) {
        // PostgreSQL is up and refused these rows: spooling would block every later row behind them
        LOG.error("usage rows refused by PostgreSQL ({}), kept in {}/usage-rejected.jsonl: {}", rows.size(),
          settings.spoolDir(), refused.getMessage());
        return spool.reject(rows).recover(lost -> {
          requeue(rows, lost);
          return Future.succeededFuture();
        });
      }
      LOG.warn("usage rows go to the spool, PostgreSQL failed: {}", failure.getMessage());
      return toSpool(rows);
    });
  }

  /**
   * Whether PostgreSQL may take the same rows later: a shutdown, lost connection, lack of resources, a conflict
   * with a concurrent transaction, or a row that met a partition being attached (23514).
   */
  static boolean transientFailure(String sqlState) {
    if (sqlState == null || sqlState.length() < 2) {
      return true;
    }
    return switch (sqlState.substring(0, 2)) {
      case "08", "40", "53", "55", "57", "58" -> true;
      default -> "23514".equals(sqlState);
    };
  }

  /**
   * Prices and writes rows. A batch that may have been written before (a replay) skips rows already there; a fresh
   * one that meets such a row (its commit was lost with the connection, say) is written again that way.
   */
  private Future<Void> insert(List<UsageRecord> rows, boolean mayBeWritten) {
    return prices.price(rows)
      .compose(priced -> store.insert(priced, mayBeWritten).recover(failure ->
        !mayBeWritten && failure instanceof PgException refused && "23505".equals(refused.getSqlState())
          ? store.insert(priced, true) : Future.failedFuture(failure)))
      .compose(charges -> counters.charge(charges).recover(failure -> {
        LOG.warn("spend counters not moved (they are rebuilt from PostgreSQL when they expire): {}",
          failure.getMessage());
        return Future.succeededFuture();
      }));
  }

  private Future<Void> toSpool(List<UsageRecord> rows) {
    return spool.append(rows).recover(failure -> {
      requeue(rows, failure);
      return Future.succeededFuture();
    });
  }

  private void replaySpool() {
    if (spool == null || !spool.hasPending() || replaying) {
      return;
    }
    replaying = true;
    enqueue(() -> spool.replay(rows -> insert(rows, true), settings.batchSize())
      .onSuccess(v -> LOG.info("usage spool replayed into PostgreSQL"))
      .recover(failure -> {
        LOG.debug("usage spool not replayed yet: {}", failure.getMessage());
        return Future.succeededFuture();
      })
      .eventually(() -> {
        replaying = false;
        return Future.succeededFuture();
      }));
  }

  /** Neither PostgreSQL nor the spool took these rows: hold them, bounded so memory cannot run out. */
  private void requeue(List<UsageRecord> failed, Throwable failure) {
    List<UsageRecord> merged = new ArrayList<>(failed.size() + batch.size());
    merged.addAll(failed);
    merged.addAll(batch);
    int dropped = Math.max(0, merged.size() - settings.maxPendingRows());
    batch = dropped == 0 ? merged : new ArrayList<>(merged.subList(dropped, merged.size()));
    if (dropped > 0) {
      LOG.error("usage rows lost: {} dropped, PostgreSQL and the spool have been failing ({})", dropped,
        failure.getMessage());
    } else {
      LOG.error("usage rows held in memory ({}), the spool failed: {}", batch.size(), failure.getMessage());
    }
  }

  /** In the write queue: a partition is never attached while this recorder inserts into the default one. */
  private void ensurePartitions() {
    enqueue(() -> partitions.ensure(LocalDate.now(ZoneOffset.UTC), settings.partitionDaysAhead())
      .onSuccess(created -> {
        if (!created.isEmpty()) {
          LOG.info("usage_log partitions created: {}", created);
        }
      })
      .<Void>mapEmpty()
      .recover(failure -> {
        LOG.debug("usage_log partitions not created now: {}", failure.getMessage());
        return Future.succeededFuture();
      }));
  }

  private void resetQuotas(Message<QuotaReset> message) {
    String day = message.body().day() != null ? message.body().day()
      : settings.quotaDay().today().minusDays(1).toString();
    quotas.clearFallbacks().onComplete(done -> {
      if (done.succeeded()) {
        message.reply(new QuotaReset(day, done.result()));
      } else {
        message.fail(503, "the quota reset failed: " + done.cause().getMessage());
      }
    });
  }
}

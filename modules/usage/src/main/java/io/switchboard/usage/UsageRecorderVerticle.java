package io.switchboard.usage;

import io.switchboard.api.Addresses;
import io.switchboard.api.CapturedBodies;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.KeyActivity;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.QuotaReset;
import io.switchboard.api.SameLoop;
import io.switchboard.api.UsageRecord;
import io.switchboard.store.BodyCaptureStore;
import io.switchboard.store.ChargeRatesStore;
import io.switchboard.store.QuotaDay;
import io.switchboard.store.QuotaStore;
import io.switchboard.store.SpendCounterCache;
import io.switchboard.store.UsagePartitions;
import io.switchboard.store.UsageStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
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
 * batch is full or every {@code flushIntervalMs}) and moves the spend counters ({@link UsageWriter}: a row PostgreSQL
 * refuses is quarantined alone). While PostgreSQL fails or does not answer in time, batches go to the durable spool
 * and are replayed, in order, once it is back. Writes happen one after another, so a graceful stop that waits for
 * the last one has written (or spooled) everything; at most {@code maxPendingRows} rows wait for their write in
 * memory, later batches go straight to the spool. Also keeps usage_log's day partitions ahead of time and answers
 * the daily quota reset. Each fresh batch written is told as {@link KeyActivity}, for the anomaly detection on
 * client keys. Captured request and response bodies go to their own table ({@link BodyArchive}).
 */
public class UsageRecorderVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorderVerticle.class);
  /** Its request-path handlers' own-loop registrations (see SameLoop), left first at its stop. */
  private final SameLoop.Registrations sameLoop = new SameLoop.Registrations();
  private List<UsageRecord> batch = new ArrayList<>();
  private Future<Void> writes = Future.succeededFuture();
  /** Batches that found the write queue full, on their way to the spool. */
  private Future<Void> overflow = Future.succeededFuture();
  /** Rows in the write queue, not yet written or spooled. */
  private int queuedRows;
  private UsageSettings settings;
  private Pool pool;
  private Redis redis;
  private PriceBook prices;
  private UsagePartitions partitions;
  private QuotaStore quotas;
  private UsageSpool spool;
  private BodyArchive bodies;
  private UsageWriter writer;
  private SpendCounters counters;
  private boolean replaying;
  private final List<Long> timers = new ArrayList<>();

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    UsageMetrics.register();
    try {
      settings = UsageSettings.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    pool = settings.storage().postgres(vertx);
    redis = settings.storage().redis(vertx);
    prices = new PriceBook(new ChargeRatesStore(pool));
    partitions = new UsagePartitions(pool);
    quotas = new QuotaStore(pool);
    bodies = new BodyArchive(new BodyCaptureStore(pool), new BodyRedaction(settings.redactFields()),
      settings.batchSize());
    return UsageSpool.open(vertx, Path.of(settings.spoolDir()))
      .onSuccess(opened -> {
        spool = opened;
        counters = new SpendCounters(new SpendCounterCache(redis), settings.quotaDay());
        writer = new UsageWriter(prices, new UsageStore(pool), counters, spool);
      })
      .compose(v -> Future.join(
        sameLoop.add(SameLoop.<UsageRecord>consumer(vertx, Addresses.USAGE_RECORD, this::record)),
        vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, m -> prices.configChanged(m.body()))
          .completion(),
        vertx.eventBus().<QuotaReset>consumer(Addresses.QUOTA_RESET, this::resetQuotas).completion(),
        vertx.eventBus().<CapturedBodies>consumer(Addresses.USAGE_BODIES, m -> bodies.add(m.body())).completion()))
      .onSuccess(v -> {
        timers.add(vertx.setPeriodic(settings.flushIntervalMs(), id -> {
          flush();
          bodies.flush();
        }));
        timers.add(vertx.setPeriodic(settings.replayIntervalMs(), id -> {
          replaySpool();
          counters.retry(); // a failure stays remembered for the next tick
        }));
        timers.add(vertx.setPeriodic(3_600_000, id -> ensurePartitions()));
        ensurePartitions();
        replaySpool();
      });
  }

  @Override
  public Future<?> stop() {
    return sameLoop.leave().transform(left -> flushAndClose());
  }

  private Future<?> flushAndClose() {
    timers.forEach(vertx::cancelTimer);
    flush();
    replaySpool();
    return Future.join(writes, overflow).eventually(bodies::flush).eventually(() -> {
      if (!batch.isEmpty()) {
        UsageMetrics.dropped(batch.size());
        LOG.error("usage rows lost at stop: {} neither PostgreSQL nor the spool took", batch.size());
      }
      if (spool != null) {
        spool.close();
      }
      return Future.join(pool.close(), redis.close());
    });
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
    if (queuedRows + rows.size() > settings.maxPendingRows()) {
      // the writes before these wait for PostgreSQL: memory is not where they wait
      GatewayMetrics.refused("usage_write_queue_full");
      overflow = overflow.transform(v -> toSpool(rows));
      return;
    }
    enqueue(rows.size(), () -> write(rows));
  }

  /** Writes run one after another: spooled rows keep their order, and stop() waits for the last. */
  private void enqueue(int rows, Supplier<Future<Void>> step) {
    queuedRows += rows;
    writes = writes.transform(v -> step.get()).eventually(() -> {
      queuedRows -= rows;
      return Future.succeededFuture();
    });
  }

  private Future<Void> write(List<UsageRecord> rows) {
    if (spool.hasPending()) {
      return toSpool(rows); // older rows wait in the spool: these go behind them
    }
    return writer.write(rows, false).onSuccess(written -> vertx.eventBus().send(Addresses.KEY_ACTIVITY,
      KeyActivity.of(rows))).recover(failure -> {
      LOG.warn("usage rows go to the spool, PostgreSQL failed: {}", failure.getMessage());
      return toSpool(rows);
    });
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
    enqueue(0, () -> spool.replay(rows -> writer.write(rows, true), settings.batchSize())
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
      UsageMetrics.dropped(dropped);
      LOG.error("usage rows lost: {} dropped, PostgreSQL and the spool have been failing ({})", dropped,
        failure.getMessage());
    } else {
      LOG.error("usage rows held in memory ({}), the spool failed: {}", batch.size(), failure.getMessage());
    }
  }

  /** In the write queue: a partition is never attached while this recorder inserts into the default one. */
  private void ensurePartitions() {
    enqueue(0, () -> partitions.ensure(LocalDate.now(ZoneOffset.UTC), settings.partitionDaysAhead())
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

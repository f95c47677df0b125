package io.switchboard.usage;

import io.switchboard.api.Addresses;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.UsageRecord;
import io.switchboard.store.Databases;
import io.switchboard.store.UsageStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code sb.usage.record} and writes {@code usage_log} rows in batches: flushed when a batch is full or
 * every {@code flushIntervalMs}. A failed batch is kept for the next flush (up to {@code maxPendingRows}); a
 * graceful stop waits for inserts in flight and writes what is left.
 */
public class UsageRecorderVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorderVerticle.class);
  private final Set<Future<Void>> inFlight = new HashSet<>();
  private List<UsageRecord> batch = new ArrayList<>();
  private Pool pool;
  private UsageStore store;
  private int batchSize;
  private int maxPendingRows;
  private long timer;

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    JsonObject conf = config();
    JsonObject postgres = conf.getJsonObject("postgres", new JsonObject());
    if (postgres.getString("url") == null) {
      return Future.failedFuture("usage: postgres.url must be set by the app");
    }
    batchSize = conf.getInteger("batchSize", 200);
    long interval = conf.getLong("flushIntervalMs", 200L);
    maxPendingRows = conf.getInteger("maxPendingRows", 100_000);
    if (batchSize < 1) {
      return Future.failedFuture("usage.batchSize must be at least 1");
    }
    if (interval < 1) {
      return Future.failedFuture("usage.flushIntervalMs must be at least 1");
    }
    if (maxPendingRows < batchSize) {
      return Future.failedFuture("usage.maxPendingRows must be at least usage.batchSize");
    }
    pool = Databases.postgres(vertx, postgres.getString("url"), postgres.getInteger("poolSize", 4));
    store = new UsageStore(pool);
    timer = vertx.setPeriodic(interval, id -> flush());
    return vertx.eventBus().<UsageRecord>consumer(Addresses.USAGE_RECORD, this::record).completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.join(List.copyOf(inFlight))
      .transform(ignored -> flush())
      .eventually(() -> pool.close());
  }

  private void record(Message<UsageRecord> message) {
    batch.add(message.body());
    if (batch.size() >= batchSize) {
      flush();
    }
  }

  private Future<Void> flush() {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    List<UsageRecord> writing = batch;
    batch = new ArrayList<>();
    Future<Void> insert = store.insert(writing).onFailure(failure -> requeue(writing, failure));
    inFlight.add(insert);
    insert.onComplete(done -> inFlight.remove(insert));
    return insert;
  }

  /** Keeps a failed batch for the next flush, bounded so an outage cannot exhaust memory. */
  private void requeue(List<UsageRecord> failed, Throwable failure) {
    List<UsageRecord> merged = new ArrayList<>(failed.size() + batch.size());
    merged.addAll(failed);
    merged.addAll(batch);
    int dropped = Math.max(0, merged.size() - maxPendingRows);
    batch = dropped == 0 ? merged : new ArrayList<>(merged.subList(dropped, merged.size()));
    if (dropped > 0) {
      LOG.error("usage rows lost: {} dropped, the store has been failing ({})", dropped, failure.getMessage());
    } else {
      LOG.warn("usage rows not written yet ({} pending): {}", batch.size(), failure.getMessage());
    }
  }
}

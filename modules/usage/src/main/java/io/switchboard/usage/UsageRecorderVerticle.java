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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code sb.usage.record} and writes {@code usage_log} rows in batches: flushed when a batch is full
 * or every {@code flushIntervalMs}, and once more on stop so a graceful shutdown loses nothing.
 */
public class UsageRecorderVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorderVerticle.class);
  private List<UsageRecord> batch = new ArrayList<>();
  private Pool pool;
  private UsageStore store;
  private int batchSize;
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
    if (batchSize < 1 || interval < 1) {
      return Future.failedFuture("usage.batchSize and usage.flushIntervalMs must be positive");
    }
    pool = Databases.postgres(vertx, postgres.getString("url"), postgres.getInteger("poolSize", 4));
    store = new UsageStore(pool);
    timer = vertx.setPeriodic(interval, id -> flush());
    return vertx.eventBus().<UsageRecord>consumer(Addresses.USAGE_RECORD, this::record).completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return flush().eventually(() -> pool.close());
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
    return store.insert(writing).onFailure(failure -> {
      // keep the rows for the next flush; the durable spool for long outages is the usage issue's work
      LOG.warn("usage rows not written yet ({} pending): {}", writing.size(), failure.getMessage());
      writing.addAll(batch);
      batch = writing;
    });
  }
}

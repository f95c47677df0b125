package io.switchboard.rules;

import io.switchboard.api.Outcome;
import io.switchboard.store.rules.OutcomeLogStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps recent outcomes in {@code outcome_log} for dry-runs: batched inserts (when a batch is full or every flush
 * interval) and a periodic prune down to {@code maxRows}. Best effort: a batch that fails to write is dropped
 * with a log line, never retried into unbounded memory; rules themselves never wait on it.
 */
final class OutcomeRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);
  private final OutcomeLogStore store;
  private final int batchSize;
  private final boolean successes;
  private final long maxRows;
  private List<Outcome> batch = new ArrayList<>();
  private Future<Void> writing = Future.succeededFuture();

  OutcomeRecorder(OutcomeLogStore store, int batchSize, boolean successes, long maxRows) {
    this.store = store;
    this.batchSize = batchSize;
    this.successes = successes;
    this.maxRows = maxRows;
  }

  void start(Vertx vertx, long flushIntervalMs, long pruneIntervalMs) {
    vertx.setPeriodic(flushIntervalMs, id -> flush());
    vertx.setPeriodic(pruneIntervalMs, id -> prune());
  }

  void add(Outcome outcome) {
    if (outcome.ok() && !successes) {
      return;
    }
    batch.add(outcome);
    if (batch.size() >= batchSize) {
      flush();
    }
  }

  Future<Void> flush() {
    if (batch.isEmpty()) {
      return writing;
    }
    List<Outcome> rows = batch;
    batch = new ArrayList<>();
    writing = store.insert(rows).recover(failure -> {
      LOG.warn("{} outcomes not recorded for dry-runs: {}", rows.size(), failure.getMessage());
      return Future.succeededFuture();
    });
    return writing;
  }

  Future<Integer> prune() {
    return store.prune(maxRows).onFailure(failure -> LOG.warn("outcome log not pruned: {}", failure.getMessage()));
  }
}

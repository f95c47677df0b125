package io.switchboard.usage;

import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.UsageRecord;
import io.switchboard.store.UsageStore;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices usage rows, writes them and moves the spend counters. A row PostgreSQL refuses for what it holds (a NUL in
 * a name, a value past a limit) never takes the rows beside it down: the batch is halved until each refused row
 * stands alone, that row is quarantined (usage-rejected.jsonl, never replayed) and every other row is written and
 * charged. One refused row among n costs about 2·log2(n) extra statements.
 */
final class UsageWriter {
  private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
  private final PriceBook prices;
  private final UsageStore store;
  private final SpendCounters counters;
  private final UsageSpool spool;

  UsageWriter(PriceBook prices, UsageStore store, SpendCounters counters, UsageSpool spool) {
    this.prices = prices;
    this.store = store;
    this.counters = counters;
    this.spool = spool;
  }

  /**
   * Writes every row PostgreSQL takes and quarantines the ones it refuses (all of them when it refuses the statement
   * itself, a schema that does not match, say); fails only when the rows may be written later (PostgreSQL
   * unreachable, slow or busy) or could not be quarantined. {@code mayBeWritten}: some rows may be in the table
   * already (a replay): they are skipped and not charged again.
   */
  Future<Void> write(List<UsageRecord> rows, boolean mayBeWritten) {
    return insert(rows, mayBeWritten).recover(failure -> {
      if (transientFailure(failure)) {
        return Future.failedFuture(failure);
      }
      if (rows.size() == 1 || !refusesRows(failure)) {
        return quarantine(rows, failure.getMessage()); // a statement PostgreSQL will never run: spooling would stall
      }
      int half = rows.size() / 2;
      return write(rows.subList(0, half), mayBeWritten)
        .compose(v -> write(rows.subList(half, rows.size()), mayBeWritten));
    });
  }

  /** Keeps rows PostgreSQL will never take for an operator to look at, and says so. */
  Future<Void> quarantine(List<UsageRecord> rows, String why) {
    LOG.error("usage rows refused by PostgreSQL ({}, first request id {}), kept in usage-rejected.jsonl: {}",
      rows.size(), rows.get(0).requestId(), why);
    return spool.reject(rows).onSuccess(v -> UsageMetrics.quarantined(rows.size()));
  }

  /**
   * A batch that may have been written before (a replay) skips rows already there; a fresh one that meets such a
   * row (its commit was lost with the connection, say) is written again that way.
   */
  private Future<Void> insert(List<UsageRecord> rows, boolean mayBeWritten) {
    return prices.price(rows)
      .compose(priced -> store.insert(priced, mayBeWritten).recover(failure ->
        !mayBeWritten && failure instanceof PgException refused && "23505".equals(refused.getSqlState())
          ? store.insert(priced, true) : Future.failedFuture(failure)))
      .onFailure(failure -> GatewayMetrics.storageError("postgres", "usage"))
      .compose(written -> counters.charge(written).recover(failure -> {
        GatewayMetrics.storageError("redis", "usage");
        LOG.warn("spend counters not moved (they are invalidated once Redis answers, and rebuilt): {}",
          failure.getMessage());
        return Future.succeededFuture();
      }));
  }

  /**
   * Whether PostgreSQL refused something a row holds: a data exception (class 22: a NUL in a text, a value out of
   * range), an integrity violation (class 23) other than the two handled elsewhere (23505, a row already written;
   * 23514, a row that met a partition being attached: transient), or a value past a program limit (class 54).
   */
  static boolean refusesRows(Throwable failure) {
    if (!(failure instanceof PgException refused) || refused.getSqlState() == null) {
      return false;
    }
    String state = refused.getSqlState();
    return state.startsWith("22") || state.startsWith("54")
      || state.startsWith("23") && !"23505".equals(state) && !"23514".equals(state);
  }

  /**
   * Whether PostgreSQL may take the same rows later: a shutdown, lost connection, lack of resources, a conflict
   * with a concurrent transaction, a row that met a partition being attached (23514), or no answer at all.
   */
  static boolean transientFailure(Throwable failure) {
    if (!(failure instanceof PgException refused)) {
      return true;
    }
    String sqlState = refused.getSqlState();
    if (sqlState == null || sqlState.length() < 2) {
      return true;
    }
    return switch (sqlState.substring(0, 2)) {
      case "08", "40", "53", "55", "57", "58" -> true;
      default -> "23514".equals(sqlState);
    };
  }
}

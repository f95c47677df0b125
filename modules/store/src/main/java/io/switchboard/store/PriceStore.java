package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes model prices; the seed inserts only models no row exists for, so admin edits survive. */
public final class PriceStore {
  private static final String COLUMNS =
    "model, input_micros, output_micros, cache_write_micros, cache_read_micros, unit_micros";
  private final Pool pool;

  public PriceStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<ModelPrice>> list() {
    return pool.query("select " + COLUMNS + " from model_prices order by model").execute().map(rows -> {
      List<ModelPrice> out = new ArrayList<>();
      rows.forEach(r -> out.add(toPrice(r)));
      return out;
    });
  }

  public Future<ModelPrice> find(String model) {
    return pool.preparedQuery("select " + COLUMNS + " from model_prices where model = $1").execute(Tuple.of(model))
      .map(rows -> rows.size() == 0 ? null : toPrice(rows.iterator().next()));
  }

  /** Creates or replaces the price of one model. */
  public Future<ModelPrice> put(ModelPrice p) {
    return pool.preparedQuery("insert into model_prices (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6)"
        + " on conflict (model) do update set input_micros = excluded.input_micros,"
        + " output_micros = excluded.output_micros, cache_write_micros = excluded.cache_write_micros,"
        + " cache_read_micros = excluded.cache_read_micros, unit_micros = excluded.unit_micros, updated_at = now()"
        + " returning " + COLUMNS)
      .execute(Tuple.of(p.model(), p.inputMicros(), p.outputMicros(), p.cacheWriteMicros(), p.cacheReadMicros(),
        p.unitMicros()))
      .map(rows -> toPrice(rows.iterator().next()));
  }

  /** Inserts the prices of models that have no row yet; returns how many were inserted. */
  public Future<Integer> seedMissing(List<ModelPrice> prices) {
    if (prices.isEmpty()) {
      return Future.succeededFuture(0);
    }
    List<Tuple> batch = new ArrayList<>();
    prices.forEach(p -> batch.add(Tuple.of(p.model(), p.inputMicros(), p.outputMicros(), p.cacheWriteMicros(),
      p.cacheReadMicros(), p.unitMicros())));
    return pool.preparedQuery("insert into model_prices (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6)"
        + " on conflict (model) do nothing")
      .executeBatch(batch).map(rows -> {
        int inserted = 0;
        for (var set = rows; set != null; set = set.next()) {
          inserted += set.rowCount();
        }
        return inserted;
      });
  }

  public Future<Boolean> delete(String model) {
    return pool.preparedQuery("delete from model_prices where model = $1").execute(Tuple.of(model))
      .map(r -> r.rowCount() > 0);
  }

  private static ModelPrice toPrice(Row r) {
    return new ModelPrice(r.getString("model"), r.getLong("input_micros"), r.getLong("output_micros"),
      r.getLong("cache_write_micros"), r.getLong("cache_read_micros"), r.getLong("unit_micros"));
  }
}

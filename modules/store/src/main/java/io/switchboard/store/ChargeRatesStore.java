package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Reads what charging a request needs: model prices, group ratios and users' groups and price multipliers. */
public final class ChargeRatesStore {
  private final Pool pool;

  public ChargeRatesStore(Pool pool) {
    this.pool = pool;
  }

  /** Every model's prices, by model name. */
  public Future<Map<String, ModelPrice>> prices() {
    return new PriceStore(pool).list().map(list -> {
      Map<String, ModelPrice> out = new HashMap<>();
      list.forEach(price -> out.put(price.model(), price));
      return out;
    });
  }

  /** Each group's price ratio in parts per million. */
  public Future<Map<String, Long>> groupRatios() {
    return pool.query("select name, ratio_ppm from user_groups").execute().map(rows -> {
      Map<String, Long> out = new HashMap<>();
      for (Row r : rows) {
        out.put(r.getString(0), r.getLong(1));
      }
      return out;
    });
  }

  /** These users' price multipliers in parts per million; users that do not exist are absent. */
  public Future<Map<Long, Long>> multipliers(Collection<Long> userIds) {
    return pool.preparedQuery("select id, price_multiplier_ppm from users where id = any($1)")
      .execute(Tuple.tuple().addValue(userIds.toArray(Long[]::new))).map(rows -> {
        Map<Long, Long> out = new HashMap<>();
        for (Row r : rows) {
          out.put(r.getLong(0), r.getLong(1));
        }
        return out;
      });
  }
}

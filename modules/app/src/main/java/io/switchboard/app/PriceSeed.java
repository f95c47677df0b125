package io.switchboard.app;

import io.switchboard.store.ModelPrice;
import io.switchboard.store.PriceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Seeds model prices from {@code conf/prices.yaml} (in the jar), inserting only models that have no row yet. */
final class PriceSeed {
  static final String FILE = "conf/prices.yaml";

  private PriceSeed() {
  }

  static Future<Integer> seedMissing(Vertx vertx, Pool pool) {
    return vertx.executeBlocking(PriceSeed::read, false).compose(prices -> new PriceStore(pool).seedMissing(prices));
  }

  /** The shipped prices; a malformed entry names itself. Blocking (a classpath read). */
  static List<ModelPrice> read() {
    try (InputStream in = PriceSeed.class.getClassLoader().getResourceAsStream(FILE)) {
      if (in == null) {
        throw new ConfigError(FILE + " is missing from the build");
      }
      Map<?, ?> root = new org.yaml.snakeyaml.Yaml().load(in);
      List<ModelPrice> out = new ArrayList<>();
      if (root.get("prices") instanceof Map<?, ?> prices) {
        for (Map.Entry<?, ?> e : prices.entrySet()) {
          String model = String.valueOf(e.getKey());
          if (!(e.getValue() instanceof Map<?, ?> p)) {
            throw new ConfigError(FILE + ": prices." + model + " must be a map");
          }
          out.add(new ModelPrice(model, micros(p, "input", model, true), micros(p, "output", model, true),
            micros(p, "cacheWrite", model, false), micros(p, "cacheRead", model, false),
            micros(p, "unit", model, false)));
        }
      }
      return out;
    } catch (IOException e) {
      throw new ConfigError("cannot read " + FILE + ": " + e.getMessage());
    }
  }

  private static long micros(Map<?, ?> price, String field, String model, boolean required) {
    Object v = price.get(field);
    if (v == null && !required) {
      return 0;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
      throw new ConfigError(FILE + ": prices." + model + "." + field + " must be a whole number of micro-units");
    }
    return ((Number) v).longValue();
  }
}

package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.ConfigChanged;
import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.switchboard.store.ChargeRatesStore;
import io.switchboard.store.Databases;
import io.switchboard.store.PricedUsage;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The price book on the embedded PostgreSQL: what it keeps in memory, and when it reads again. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class PriceBookTest {

  private static <T> T on(Context context, Supplier<Future<T>> call) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(done));
    return done.future().await();
  }

  @Test
  void pricesReadWhileAChangeWasAnnouncedPriceTheirBatchButAreNotKept(Vertx vertx) throws Exception {
    TestStorage.query("insert into model_prices (model, input_micros, output_micros) values ('race-model', 1000000, 0)"
      + " returning model"); // 1 micro-unit per input token
    Pool pool = Databases.postgres(vertx, TestStorage.postgresUrl(), 2);
    PriceBook book = new PriceBook(new ChargeRatesStore(pool));
    Context context = vertx.getOrCreateContext();
    UsageRecord record = RecorderDeployment.record("r1", 1, 0, "default", "race-model", new Usage(1000, 0, 0, 0, 0),
      System.currentTimeMillis(), false);

    // the announcement of a price change overtakes the read that began before it
    List<PricedUsage> first = on(context, () -> {
      Future<List<PricedUsage>> priced = book.price(List.of(record));
      book.configChanged(new ConfigChanged(ConfigChanged.PRICE, null));
      return priced;
    });
    assertEquals(1000, first.get(0).baseMicros());

    TestStorage.query("update model_prices set input_micros = 2000000 where model = 'race-model' returning model");
    List<PricedUsage> next = on(context, () -> book.price(List.of(record)));
    assertEquals(2000, next.get(0).baseMicros(), "the prices were read again");

    TestStorage.query("update model_prices set input_micros = 3000000 where model = 'race-model' returning model");
    assertEquals(2000, on(context, () -> book.price(List.of(record))).get(0).baseMicros(),
      "a read with no change announced meanwhile is kept until the next announcement");
    pool.close().await();
  }
}

package io.switchboard.usage;

import io.switchboard.api.Usage;
import io.switchboard.bench.BenchDefaults;
import io.switchboard.store.ModelPrice;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** Pricing one usage row (in this package: {@link Pricing} is package-private), without and with a ratio. */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PricingBench extends BenchDefaults {
  private final Usage usage = new Usage(1_234, 567, 200, 0, 0);
  private final ModelPrice price = new ModelPrice("gpt-4o-mini", 150_000, 600_000, 0, 75_000);

  @Benchmark
  public Pricing.Cost plain() {
    return Pricing.cost(usage, price, 1_000_000, 1_000_000);
  }

  @Benchmark
  public Pricing.Cost withRatioAndMultiplier() {
    return Pricing.cost(usage, price, 1_500_000, 800_000);
  }
}

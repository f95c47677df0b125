package io.switchboard.usage;

import io.switchboard.api.Usage;
import io.switchboard.store.ModelPrice;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Pricing one usage row (in this package: {@link Pricing} is package-private), without and with a ratio. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
public class PricingBench {
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

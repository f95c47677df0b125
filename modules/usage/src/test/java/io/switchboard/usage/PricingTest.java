package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Usage;
import io.switchboard.store.ModelPrice;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The cost arithmetic: which tokens get which price, ratio and multiplier, one rounding at the end. */
class PricingTest {
  // per million tokens: input 2.50, output 10.00, cache write 3.125, cache read 1.25
  private static final ModelPrice PRICE = new ModelPrice("gpt-4o", 2_500_000, 10_000_000, 3_125_000, 1_250_000);
  private static final long ONE = 1_000_000;

  @Test
  void cachedInputIsPricedAtCacheReadAndTheRestAtInput() {
    // 1000 input of which 400 read from cache and 100 written to it: 500 x 2.5 + 400 x 1.25 + 100 x 3.125
    Pricing.Cost cost = Pricing.cost(new Usage(1000, 0, 400, 100, 0), PRICE, ONE, ONE);
    long expected = (500L * 2_500_000 + 400L * 1_250_000 + 100L * 3_125_000) / 1_000_000; // 2062.5 -> 2063
    assertEquals(2063, cost.baseMicros());
    assertEquals(expected + 1, cost.baseMicros(), "half rounds up");
    assertEquals(2063, cost.chargedMicros());
  }

  @Test
  void reasoningIsPartOfOutputAndNotChargedTwice() {
    Pricing.Cost withReasoning = Pricing.cost(new Usage(0, 300, 0, 0, 200), PRICE, ONE, ONE);
    Pricing.Cost without = Pricing.cost(new Usage(0, 300, 0, 0, 0), PRICE, ONE, ONE);
    assertEquals(3000, withReasoning.baseMicros()); // 300 x 10.00 per million = 0.003
    assertEquals(without, withReasoning);
  }

  @Test
  void ratioAndMultiplierApplyToTheUnroundedCostAndRoundOnce() {
    // 1 input token = 2.5 micro-units (base rounds to 3); x 1.0 ratio x 1.2 multiplier = exactly 3.0.
    // Rounding the base first would charge 3 x 1.2 = 3.6 -> 4.
    Pricing.Cost input = Pricing.cost(new Usage(1, 0, 0, 0, 0), PRICE, ONE, 1_200_000);
    assertEquals(3, input.baseMicros(), "2.5 rounds half up to 3");
    assertEquals(3, input.chargedMicros());
    // 1 output token = 10 micro-units; ratio 0.5 x multiplier 0.15 = 0.75 -> 1
    Pricing.Cost output = Pricing.cost(new Usage(0, 1, 0, 0, 0), PRICE, 500_000, 150_000);
    assertEquals(10, output.baseMicros());
    assertEquals(1, output.chargedMicros());
  }

  @Test
  void largeCountsDoNotOverflow() {
    Usage huge = new Usage(4_000_000_000L, 2_000_000_000L, 0, 0, 0);
    Pricing.Cost cost = Pricing.cost(huge, PRICE, 3_000_000, 2_500_000);
    long base = 4_000L * 2_500_000 + 2_000L * 10_000_000; // 30 000 000 000
    assertEquals(base, cost.baseMicros());
    assertEquals(base * 3 * 5 / 2, cost.chargedMicros());
  }

  @Test
  void roundHalfUpRoundsOnlyFromTheHalf() {
    assertEquals(2, Pricing.roundHalfUp(BigInteger.valueOf(249), BigInteger.valueOf(100)));
    assertEquals(3, Pricing.roundHalfUp(BigInteger.valueOf(250), BigInteger.valueOf(100)));
    assertEquals(0, Pricing.roundHalfUp(BigInteger.valueOf(49), BigInteger.valueOf(100)));
  }
}

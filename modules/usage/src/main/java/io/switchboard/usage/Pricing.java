package io.switchboard.usage;

import io.switchboard.api.Usage;
import io.switchboard.store.ModelPrice;
import java.math.BigInteger;

/**
 * The cost arithmetic, in integers only: tokens times per-million prices, the cached part of the input at the
 * cache-read price, cache writes at the cache-write price, the rest of the input at the input price, output
 * (reasoning included, as {@link Usage} counts it) at the output price; then times the group ratio and the
 * user's multiplier (both parts per million). Units other than tokens (images, seconds of audio) cost their unit
 * price each. Rounded half up once, at the end.
 */
final class Pricing {
  private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);
  private static final BigInteger MILLION_CUBED = MILLION.pow(3);

  /** A cost in micro-units: before and after the ratio and multiplier. */
  record Cost(long baseMicros, long chargedMicros) {
  }

  private Pricing() {
  }

  static Cost cost(Usage usage, ModelPrice price, long groupRatioPpm, long multiplierPpm) {
    return cost(usage, 0, price, groupRatioPpm, multiplierPpm);
  }

  static Cost cost(Usage usage, long units, ModelPrice price, long groupRatioPpm, long multiplierPpm) {
    long uncachedInput = Math.max(0, usage.inputTokens() - usage.cacheReadTokens() - usage.cacheWriteTokens());
    BigInteger perMillion = BigInteger.valueOf(uncachedInput).multiply(BigInteger.valueOf(price.inputMicros()))
      .add(BigInteger.valueOf(usage.cacheReadTokens()).multiply(BigInteger.valueOf(price.cacheReadMicros())))
      .add(BigInteger.valueOf(usage.cacheWriteTokens()).multiply(BigInteger.valueOf(price.cacheWriteMicros())))
      .add(BigInteger.valueOf(usage.outputTokens()).multiply(BigInteger.valueOf(price.outputMicros())))
      .add(BigInteger.valueOf(units).multiply(BigInteger.valueOf(price.unitMicros())).multiply(MILLION));
    long base = roundHalfUp(perMillion, MILLION);
    if (groupRatioPpm == 1_000_000 && multiplierPpm == 1_000_000) {
      return new Cost(base, base); // the usual row: neither ratio nor multiplier moves the cost
    }
    long charged = roundHalfUp(perMillion.multiply(BigInteger.valueOf(groupRatioPpm))
      .multiply(BigInteger.valueOf(multiplierPpm)), MILLION_CUBED);
    return new Cost(base, charged);
  }

  /** numerator / denominator rounded half up (both non-negative). */
  static long roundHalfUp(BigInteger numerator, BigInteger denominator) {
    BigInteger[] qr = numerator.divideAndRemainder(denominator);
    BigInteger q = qr[1].shiftLeft(1).compareTo(denominator) >= 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    return q.longValueExact();
  }

  static boolean usedTokens(Usage usage) {
    return usage.inputTokens() > 0 || usage.outputTokens() > 0 || usage.cacheReadTokens() > 0
      || usage.cacheWriteTokens() > 0;
  }
}

package io.switchboard.store;

/**
 * An account's quota: {@code limit} {@code unit}s ({@code requests} or {@code tokens}) per {@code period}
 * ({@code day}: reset at local midnight; {@code total}: until an admin raises it), of which {@code used} are spent.
 */
public record AccountQuota(String unit, String period, long limit, long used) {
  public static final String DAY = "day";

  /** What is left, never below 0. */
  public long remaining() {
    return Math.max(0, limit - used);
  }

  /** This quota with {@code used} as counted now. */
  public AccountQuota withUsed(long now) {
    return new AccountQuota(unit, period, limit, now);
  }
}

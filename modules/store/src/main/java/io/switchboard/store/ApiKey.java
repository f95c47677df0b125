package io.switchboard.store;

import java.time.Instant;
import java.util.List;

/**
 * A client key row: never the key itself, only its hash and display prefix. {@code userId} is its owner (0 when none)
 * and {@code group} that owner's user group; limits are null when unset; empty lists allow anything.
 */
public record ApiKey(long id, String name, String displayPrefix, List<String> models, boolean enabled, long userId,
                     String group, List<String> allowedProviders, Integer rpm, Integer tpm, Integer maxConcurrency,
                     Long budgetMicros, Instant expiresAt, List<String> ipAllow) {

  /** Whether the key has expired at this moment. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}

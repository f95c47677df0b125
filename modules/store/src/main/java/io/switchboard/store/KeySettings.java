package io.switchboard.store;

import java.time.Instant;
import java.util.List;

/** The editable settings of a client key (everything but the secret and the owner); nulls mean unlimited. */
public record KeySettings(String name, List<String> models, List<String> allowedProviders, Integer rpm, Integer tpm,
                          Integer maxConcurrency, Long budgetMicros, Instant expiresAt, List<String> ipAllow,
                          boolean enabled) {
}

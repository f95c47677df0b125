package io.switchboard.store;

import io.switchboard.api.UsageRecord;

/**
 * A usage record with its cost in integer micro-units: {@code baseMicros} at the model's prices,
 * {@code chargedMicros} after the group ratio and the user's multiplier; {@code priceMissing} when tokens were
 * used but the model has no price (its cost is then 0, and flagged).
 */
public record PricedUsage(UsageRecord record, long baseMicros, long chargedMicros, boolean priceMissing) {
}

package io.switchboard.store;

/** Prices of one model per million tokens, in integer micro-units of the currency. */
public record ModelPrice(String model, long inputMicros, long outputMicros, long cacheWriteMicros,
                         long cacheReadMicros) {
}

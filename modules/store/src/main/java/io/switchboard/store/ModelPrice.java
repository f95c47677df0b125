package io.switchboard.store;

/**
 * Prices of one model per million tokens, in integer micro-units of the currency, and per unit other than tokens
 * ({@code unitMicros}: an image, a second of audio, a character spoken) for models priced that way.
 */
public record ModelPrice(String model, long inputMicros, long outputMicros, long cacheWriteMicros,
                         long cacheReadMicros, long unitMicros) {

  /** A model priced by tokens only. */
  public ModelPrice(String model, long inputMicros, long outputMicros, long cacheWriteMicros, long cacheReadMicros) {
    this(model, inputMicros, outputMicros, cacheWriteMicros, cacheReadMicros, 0);
  }
}

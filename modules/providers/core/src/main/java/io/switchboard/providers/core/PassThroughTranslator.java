package io.switchboard.providers.core;

import io.switchboard.dialects.StreamDecoder;
import io.vertx.core.buffer.Buffer;

/**
 * A same-dialect stream: the upstream's bytes go to the client untouched, while a decoder reads the same bytes
 * on the side to learn the usage and whether the answer completed.
 */
final class PassThroughTranslator extends EventTrackingTranslator {
  private final StreamDecoder decoder;

  PassThroughTranslator(StreamDecoder decoder) {
    this.decoder = decoder;
  }

  @Override
  public Buffer accept(Buffer upstreamRead) {
    observe(decoder.decode(upstreamRead), true); // an error event in these bytes reaches the client as sent
    return upstreamRead;
  }

  @Override
  public Buffer finish() {
    // what the decoder concludes at the end (a missing stop) was never in the upstream's bytes: not told
    observe(decoder.finish(), false);
    return Buffer.buffer();
  }
}

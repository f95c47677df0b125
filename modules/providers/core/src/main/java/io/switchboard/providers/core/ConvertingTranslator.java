package io.switchboard.providers.core;

import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.StreamEncoder;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * A stream between dialects: upstream bytes decode to canonical events, which encode for the client. Every Failure
 * event goes through the client's encoder, which writes it in the client's dialect.
 */
final class ConvertingTranslator extends EventTrackingTranslator {
  private final StreamDecoder decoder;
  private final StreamEncoder encoder;

  ConvertingTranslator(StreamDecoder decoder, StreamEncoder encoder) {
    this.decoder = decoder;
    this.encoder = encoder;
  }

  @Override
  public Buffer accept(Buffer upstreamRead) {
    return encode(decoder.decode(upstreamRead));
  }

  @Override
  public Buffer finish() {
    return encode(decoder.finish());
  }

  private Buffer encode(List<StreamEvent> events) {
    if (events.isEmpty()) {
      return Buffer.buffer();
    }
    observe(events, true);
    Buffer out = Buffer.buffer(256);
    encoder.encode(events, out);
    return out;
  }
}

package io.switchboard.providers.core;

import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.StreamEncoder;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * A stream between dialects: upstream bytes decode to canonical events, which encode for the client. Every Failure
 * event goes through the client's encoder, which writes it in the client's dialect, its message scrubbed.
 */
final class ConvertingTranslator extends EventTrackingTranslator {
  private final StreamDecoder decoder;
  private final StreamEncoder encoder;
  private final SecretScrubber scrubber;

  ConvertingTranslator(StreamDecoder decoder, StreamEncoder encoder, SecretScrubber scrubber) {
    this.decoder = decoder;
    this.encoder = encoder;
    this.scrubber = scrubber;
  }

  @Override
  public Buffer accept(Buffer upstreamRead) {
    return encode(decoder.decode(upstreamRead));
  }

  @Override
  public Buffer finish() {
    return encode(decoder.finish());
  }

  private Buffer encode(List<StreamEvent> decoded) {
    if (decoded.isEmpty()) {
      return Buffer.buffer();
    }
    List<StreamEvent> events = decoded.stream().noneMatch(StreamEvent.Failure.class::isInstance) ? decoded
      : decoded.stream().map(event -> event instanceof StreamEvent.Failure failed
        ? new StreamEvent.Failure(failed.kind(), scrubber.scrub(failed.message())) : event).toList();
    observe(events, true);
    Buffer out = Buffer.buffer(256);
    encoder.encode(events, out);
    return out;
  }
}

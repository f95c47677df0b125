package io.switchboard.providers.core;

import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.StreamEncoder;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A stream between dialects: upstream bytes decode to canonical events, which encode for the client. Every Failure
 * event goes through the client's encoder, which writes it in the client's dialect, its message scrubbed.
 */
final class ConvertingTranslator extends EventTrackingTranslator {
  private final StreamDecoder decoder;
  private final StreamEncoder encoder;
  private final UnaryOperator<StreamEvent> toClient;
  private final SecretScrubber scrubber;

  /**
   * {@code toClient} may change an event before it is encoded (seal a signature, name the answer); failures are
   * scrubbed of the account's secrets.
   */
  ConvertingTranslator(StreamDecoder decoder, StreamEncoder encoder, UnaryOperator<StreamEvent> toClient,
                       SecretScrubber scrubber) {
    this.decoder = decoder;
    this.encoder = encoder;
    this.toClient = toClient;
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
    List<StreamEvent> events = new ArrayList<>(decoded.size());
    for (StreamEvent event : decoded) {
      StreamEvent out = toClient.apply(event);
      events.add(out instanceof StreamEvent.Failure failed
        ? new StreamEvent.Failure(failed.kind(), scrubber.scrub(failed.message())) : out);
    }
    observe(events, true);
    Buffer out = Buffer.buffer(256);
    encoder.encode(events, out);
    return out;
  }
}

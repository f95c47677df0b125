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
 * event goes through the client's encoder, which writes it in the client's dialect.
 */
final class ConvertingTranslator extends EventTrackingTranslator {
  private final StreamDecoder decoder;
  private final StreamEncoder encoder;
  private final UnaryOperator<StreamEvent> toClient;

  /** {@code toClient} may change an event before it is encoded (seal a signature, name the answer). */
  ConvertingTranslator(StreamDecoder decoder, StreamEncoder encoder, UnaryOperator<StreamEvent> toClient) {
    this.decoder = decoder;
    this.encoder = encoder;
    this.toClient = toClient;
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
    decoded.forEach(event -> events.add(toClient.apply(event)));
    observe(events, true);
    Buffer out = Buffer.buffer(256);
    encoder.encode(events, out);
    return out;
  }
}

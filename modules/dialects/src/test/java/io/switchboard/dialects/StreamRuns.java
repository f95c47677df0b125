package io.switchboard.dialects;

import io.switchboard.api.chat.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs a stream codec the way the provider does: read by read into a decoder, event by event into an encoder. */
public final class StreamRuns {
  private StreamRuns() {
  }

  /** Every event a decoder gives for these reads, {@code finish()} included. */
  public static List<StreamEvent> decode(StreamDecoder decoder, List<byte[]> reads) {
    List<StreamEvent> events = new ArrayList<>();
    for (byte[] read : reads) {
      events.addAll(decoder.decode(Buffer.buffer(read)));
    }
    events.addAll(decoder.finish());
    return events;
  }

  /** Encodes one event per call, as events arrive from the bus, and joins the bytes. */
  public static String encode(StreamEncoder encoder, List<StreamEvent> events) {
    Buffer out = Buffer.buffer();
    for (StreamEvent event : events) {
      encoder.encode(List.of(event), out);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}

package io.switchboard.bench;

import io.switchboard.api.Dialect;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.StreamEncoder;
import io.switchboard.dialects.WireFormats;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer the load rig's mock streams (20 one-word text chunks, then the stop and the usage), as canonical
 * events and as each dialect's upstream bytes, one read per event as an unbatched upstream delivers them.
 */
public final class SampleStream {
  /** Text chunks in the answer: the rig's default. */
  public static final int CHUNKS = 20;
  public static final String MODEL = "gpt-4o-mini";
  private static final String[] WORDS = {"Gateways", " add", " a", " hop,", " so", " measure", " the", " cost",
    " of", " every", " byte", " they", " touch", " before", " you", " guess", " where", " the", " time", " goes."};

  private SampleStream() {
  }

  /** The canonical events of the answer. */
  public static List<StreamEvent> events() {
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.MessageStart("chatcmpl-bench0001", MODEL, null));
    events.add(StreamEvent.BlockStart.text(0));
    for (int i = 0; i < CHUNKS; i++) {
      events.add(new StreamEvent.TextDelta(0, WORDS[i % WORDS.length]));
    }
    events.add(new StreamEvent.BlockStop(0));
    events.add(new StreamEvent.MessageDelta(StopReason.END_TURN, null, new Usage(12, CHUNKS, 0, 0, 0)));
    events.add(new StreamEvent.MessageStop());
    return events;
  }

  /**
   * The answer as an upstream of {@code dialect} streams it: each event encoded on its own, so each element is
   * what one upstream write (one chunk) carries. Empty writes (events a dialect folds into the next) are left out.
   */
  public static List<Buffer> upstreamReads(Dialect dialect) {
    StreamEncoder encoder = WireFormats.of(dialect).streamEncoder(MODEL, true);
    List<Buffer> reads = new ArrayList<>();
    for (StreamEvent event : events()) {
      Buffer out = Buffer.buffer();
      encoder.encode(List.of(event), out);
      if (out.length() > 0) {
        reads.add(out);
      }
    }
    return reads;
  }

  /** All of {@link #upstreamReads} in one buffer: a batched read. */
  public static Buffer whole(Dialect dialect) {
    Buffer all = Buffer.buffer();
    upstreamReads(dialect).forEach(all::appendBuffer);
    return all;
  }
}

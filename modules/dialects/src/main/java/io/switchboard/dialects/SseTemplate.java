package io.switchboard.dialects;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * One SSE event's bytes, fixed but for one JSON string value: the many text deltas of a stream are written by
 * quoting the text between two constant byte runs, instead of building and encoding a JSON tree per chunk (profiled
 * under the load rig: the per-chunk tree was most of what a stream encoder allocated). The constant runs are cut
 * from the event as the encoder's own JSON path writes it, so both give the same bytes.
 */
public final class SseTemplate {
  /** The value to build the event with; its place in the written event becomes the hole. */
  public static final String HOLE = "\u0001sse-template-hole\u0001";
  private static final String QUOTED_HOLE = "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(HOLE)) + "\"";
  private final byte[] head;
  private final byte[] tail;

  private SseTemplate(byte[] head, byte[] tail) {
    this.head = head;
    this.tail = tail;
  }

  /** The template of an event written with {@link #HOLE} as the one varying string value. */
  public static SseTemplate of(Buffer eventWithHole) {
    String event = eventWithHole.toString(StandardCharsets.UTF_8);
    int at = event.indexOf(QUOTED_HOLE);
    if (at < 0 || event.indexOf(QUOTED_HOLE, at + 1) >= 0) {
      throw new IllegalArgumentException("the event must hold the hole exactly once");
    }
    return new SseTemplate(event.substring(0, at).getBytes(StandardCharsets.UTF_8),
      event.substring(at + QUOTED_HOLE.length()).getBytes(StandardCharsets.UTF_8));
  }

  /** Appends the event with {@code value} in the hole; false (nothing written) when the value has no JSON form here. */
  public boolean write(Buffer out, String value) {
    if (value == null) {
      return false;
    }
    byte[] quoted;
    try {
      quoted = JsonStringEncoder.getInstance().quoteAsUTF8(value);
    } catch (IllegalArgumentException unpairedSurrogate) {
      return false; // the JSON path writes what the String encoder makes of it
    }
    out.appendBytes(head).appendByte((byte) '"').appendBytes(quoted).appendByte((byte) '"').appendBytes(tail);
    return true;
  }
}

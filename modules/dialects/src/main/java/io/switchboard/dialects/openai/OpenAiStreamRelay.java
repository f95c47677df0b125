package io.switchboard.dialects.openai;

import io.switchboard.api.StreamTranslator;
import io.switchboard.api.Usage;
import io.switchboard.dialects.OutputTokenCounter;
import io.switchboard.dialects.SseScan;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Passes an OpenAI SSE stream through byte for byte, event by whole event. It reads the usage from the event
 * that carries it and, when the client did not ask for usage, drops that event (only when it carries no
 * choices, so no content is ever lost). An event split across reads is held until its end arrives. Each whole
 * event's generated content is counted ({@link OpenAiChunkText}), but only when asked for: the events passed on wait
 * in a copy of at most {@value #UNCOUNTED_MAX} bytes, counted when it fills or when {@link #estimatedOutputTokens()}
 * is called, so a stream whose upstream reports its usage is never parsed for it (measured: that parse was a tenth
 * of the CPU of a passed-through stream).
 */
public final class OpenAiStreamRelay implements StreamTranslator {
  private static final byte[] USAGE_KEY = "\"usage\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] DATA_FIELD = "data:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] DONE = "[DONE]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private final boolean stripUsageEvent;
  private final OutputTokenCounter output = new OutputTokenCounter();
  private final OpenAiChunkText generated = new OpenAiChunkText(output);
  static final int UNCOUNTED_MAX = 16 * 1024;
  private byte[] uncounted = new byte[0];
  private int uncountedLength;
  private Buffer carry = Buffer.buffer();
  private Usage usage;
  private boolean done;

  public OpenAiStreamRelay(boolean stripUsageEvent) {
    this.stripUsageEvent = stripUsageEvent;
  }

  @Override
  public Buffer accept(Buffer read) {
    int held = carry.length();
    Buffer data = held == 0 ? read : carry.appendBuffer(read);
    // one copy to an array, then plain array scans: Buffer.getByte checks bounds and ref count per byte
    byte[] bytes = data.getBytes();
    int scanFrom = Math.max(0, held - 2); // a boundary may straddle the join
    Buffer out = null;
    int emitFrom = 0;
    int eventStart = 0;
    int end;
    while ((end = SseScan.nextEventEnd(bytes, scanFrom, bytes.length)) > 0) {
      if (hasUsageObject(bytes, eventStart, end) && readUsage(data, bytes, eventStart, end)
        && stripUsageEvent) {
        out = append(out, data, emitFrom, eventStart);
        emitFrom = end;
      } else if (!done && isDone(bytes, eventStart, end)) {
        done = true;
      }
      eventStart = end;
      scanFrom = end;
    }
    out = append(out, data, emitFrom, eventStart);
    holdUncounted(bytes, eventStart);
    carry = data.getBuffer(eventStart, data.length()); // a copy: the slice handed out must not change
    return out == null ? Buffer.buffer() : out;
  }

  @Override
  public Buffer finish() {
    Buffer rest = carry;
    if (rest.length() > 0) {
      countUncounted();
      generated.event(rest.getBytes(), 0, rest.length()); // an event the upstream left without its blank line
    }
    carry = Buffer.buffer();
    return rest;
  }

  @Override
  public Usage usage() {
    return usage;
  }

  @Override
  public long estimatedOutputTokens() {
    countUncounted();
    return output.tokens();
  }

  /** Keeps the whole events {@code bytes[0, to)} to count later, counting what waits first when they do not fit. */
  private void holdUncounted(byte[] bytes, int to) {
    if (to == 0) {
      return;
    }
    if (uncountedLength + to > UNCOUNTED_MAX) {
      countUncounted();
      if (to > UNCOUNTED_MAX) {
        countEvents(bytes, to);
        return;
      }
    }
    if (uncounted.length < uncountedLength + to) {
      uncounted = java.util.Arrays.copyOf(uncounted, Math.min(UNCOUNTED_MAX, Math.max(Math.max(4096,
        2 * uncounted.length), uncountedLength + to)));
    }
    System.arraycopy(bytes, 0, uncounted, uncountedLength, to);
    uncountedLength += to;
  }

  private void countUncounted() {
    if (uncountedLength > 0) {
      countEvents(uncounted, uncountedLength);
      uncountedLength = 0;
    }
  }

  /** Counts the whole events in {@code bytes[0, to)}. */
  private void countEvents(byte[] bytes, int to) {
    int start = 0;
    int end;
    while (start < to && (end = SseScan.nextEventEnd(bytes, start, to)) > 0) {
      generated.event(bytes, start, end);
      start = end;
    }
  }

  @Override
  public boolean completed() {
    return done;
  }

  /** Parses the event's data; true when it is a usage-only event (no choices). */
  private boolean readUsage(Buffer data, byte[] bytes, int start, int end) {
    int colon = SseScan.indexOf(bytes, DATA_FIELD, start, end);
    if (colon < 0) {
      return false;
    }
    try {
      JsonObject chunk = new JsonObject(data.getBuffer(colon + 5, end));
      Usage parsed = OpenAiUsage.from(chunk.getValue("usage"));
      if (parsed != null) {
        usage = parsed;
      }
      return parsed != null && (chunk.getJsonArray("choices") == null || chunk.getJsonArray("choices").isEmpty());
    } catch (RuntimeException notJson) {
      return false;
    }
  }

  /**
   * Whether the event has a {@code "usage"} key whose value is an object, whatever whitespace the upstream's JSON
   * writer puts around the colon. The key text cannot occur inside a JSON string: quotes there are escaped.
   */
  private static boolean hasUsageObject(byte[] bytes, int start, int end) {
    int at = start;
    while ((at = SseScan.indexOf(bytes, USAGE_KEY, at, end)) >= 0) {
      int i = skipSpace(bytes, at + USAGE_KEY.length, end);
      if (i < end && bytes[i] == ':') {
        i = skipSpace(bytes, i + 1, end);
        if (i < end && bytes[i] == '{') {
          return true;
        }
      }
      at += USAGE_KEY.length;
    }
    return false;
  }

  private static int skipSpace(byte[] bytes, int from, int end) {
    int i = from;
    while (i < end && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
      i++;
    }
    return i;
  }

  /** {@code data: [DONE]}, with or without the space some servers leave out. */
  private static boolean isDone(byte[] bytes, int start, int end) {
    if (!SseScan.startsWith(bytes, DATA_FIELD, start, end)) {
      return false;
    }
    int at = start + DATA_FIELD.length;
    if (at < end && bytes[at] == ' ') {
      at++;
    }
    return SseScan.startsWith(bytes, DONE, at, end);
  }

  private static Buffer append(Buffer out, Buffer data, int from, int to) {
    if (to <= from) {
      return out;
    }
    if (out == null) {
      return data.slice(from, to);
    }
    return Buffer.buffer(out.length() + to - from).appendBuffer(out).appendBuffer(data, from, to - from);
  }
}

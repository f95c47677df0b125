package io.switchboard.dialects.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.api.StreamTranslator;
import io.switchboard.api.Usage;
import io.switchboard.dialects.ByteView;
import io.switchboard.dialects.OutputTokenCounter;
import io.switchboard.dialects.SseScan;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes an OpenAI SSE stream through byte for byte, event by whole event. It reads the usage from the event
 * that carries it and, when the client did not ask for usage, drops that event (only when it carries no
 * choices, so no content is ever lost). An event split across reads is held until its end arrives. Each whole
 * event's generated content is counted ({@link OpenAiChunkText}), but only when asked for: the events passed on wait,
 * as the buffers they came in, up to {@value #UNCOUNTED_MAX} bytes, counted when that fills or when
 * {@link #estimatedOutputTokens()} is called, so a stream whose upstream reports its usage is never parsed for it
 * (measured: that parse was a tenth of the CPU of a passed-through stream). The usage event's data is read as tokens,
 * building the usage object alone.
 */
public final class OpenAiStreamRelay implements StreamTranslator {
  private static final byte[] USAGE_KEY = "\"usage\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] DATA_FIELD = "data:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] DONE = "[DONE]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private final boolean stripUsageEvent;
  private final OutputTokenCounter output = new OutputTokenCounter();
  private final OpenAiChunkText generated = new OpenAiChunkText(output);
  static final int UNCOUNTED_MAX = 16 * 1024;
  private final List<Buffer> uncounted = new ArrayList<>();
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
    // plain array scans where the bytes lie: Buffer.getByte checks bounds and ref count per byte
    ByteView view = ByteView.of(data);
    byte[] bytes = view.array();
    int base = view.start();
    int scanFrom = base + Math.max(0, held - 2); // a boundary may straddle the join
    Buffer out = null;
    int emitFrom = base;
    int eventStart = base;
    int end;
    while ((end = SseScan.nextEventEnd(bytes, scanFrom, view.end())) > 0) {
      if (hasUsageObject(bytes, eventStart, end) && readUsage(bytes, eventStart, end) && stripUsageEvent) {
        out = append(out, data, emitFrom - base, eventStart - base);
        emitFrom = end;
      } else if (!done && isDone(bytes, eventStart, end)) {
        done = true;
      }
      eventStart = end;
      scanFrom = end;
    }
    int whole = eventStart - base;
    out = append(out, data, emitFrom - base, whole);
    holdUncounted(data, whole);
    if (whole < data.length()) {
      carry = data.getBuffer(whole, data.length()); // a copy: the slice handed out must not change
    } else if (held > 0) {
      carry = Buffer.buffer();
    }
    return out == null ? Buffer.buffer() : out;
  }

  @Override
  public Buffer finish() {
    Buffer rest = carry;
    if (rest.length() > 0) {
      countUncounted();
      ByteView view = ByteView.of(rest);
      generated.event(view.array(), view.start(), view.end()); // an event the upstream left without its blank line
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

  /**
   * Keeps the whole events {@code data[0, to)} to count later, counting what waits first when they would not fit. What
   * is kept is the buffer itself: a read is never written to once passed on.
   */
  private void holdUncounted(Buffer data, int to) {
    if (to == 0) {
      return;
    }
    if (uncountedLength + to > UNCOUNTED_MAX) {
      countUncounted();
      if (to > UNCOUNTED_MAX) {
        countEvents(data.slice(0, to));
        return;
      }
    }
    uncounted.add(to == data.length() ? data : data.slice(0, to));
    uncountedLength += to;
  }

  private void countUncounted() {
    uncounted.forEach(this::countEvents);
    uncounted.clear();
    uncountedLength = 0;
  }

  /** Counts the whole events in {@code events}. */
  private void countEvents(Buffer events) {
    ByteView view = ByteView.of(events);
    int start = view.start();
    int end;
    while (start < view.end() && (end = SseScan.nextEventEnd(view.array(), start, view.end())) > 0) {
      generated.event(view.array(), start, end);
      start = end;
    }
  }

  @Override
  public boolean completed() {
    return done;
  }

  /**
   * Reads the event's data as tokens, building only its {@code usage}; true when it is a usage-only event (its
   * {@code choices} absent, null or empty). Data that is not one JSON object is no usage event. Of a key given twice
   * the last counts.
   */
  private boolean readUsage(byte[] bytes, int start, int end) {
    int colon = SseScan.indexOf(bytes, DATA_FIELD, start, end);
    if (colon < 0) {
      return false;
    }
    Usage parsed = null;
    boolean choices = false;
    try (JsonParser parser = JsonSubtrees.JSON.createParser(bytes, colon + 5, end - colon - 5)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      String name;
      while ((name = parser.nextFieldName()) != null) {
        JsonToken value = parser.nextToken();
        switch (name) {
          case "usage" -> parsed = OpenAiUsage.from(JsonSubtrees.object(parser, value));
          case "choices" -> choices = hasElements(parser, value);
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        return false;
      }
    } catch (IOException notJson) {
      return false;
    }
    if (parsed != null) {
      usage = parsed;
    }
    return parsed != null && !choices;
  }

  /** Whether the value at the parser is anything but null or an empty array; leaves the parser at its end. */
  private static boolean hasElements(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return false;
    }
    if (value != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return true;
    }
    if (parser.nextToken() == JsonToken.END_ARRAY) {
      return false;
    }
    parser.skipChildren();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      parser.skipChildren();
    }
    return true;
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

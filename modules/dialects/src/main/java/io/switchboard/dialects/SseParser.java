package io.switchboard.dialects;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental Server-Sent Events parser (WHATWG rules): splits a byte stream into events of an optional
 * {@code event:} name and the joined {@code data:} lines, whatever the read boundaries and line endings
 * (LF, CRLF or CR). Comments and {@code id:}/{@code retry:} fields are skipped.
 *
 * <p>Every upstream stream goes through one of these, so it reads whole lines straight from the read's bytes, where
 * they lie ({@link ByteView}), and decodes only a field's value: a line split across reads is the only one copied
 * (profiled under the load rig, byte-by-byte buffering was the gateway's hottest frame).
 */
public final class SseParser {
  /** One event: {@code name} is null when the event had no {@code event:} field. */
  public record Event(String name, String data) {
  }

  // bytes, not chars: a multi-byte character may be split across reads, line ends never are
  private byte[] partial = new byte[0];
  private int partialLength;
  private String data;
  private StringBuilder moreData;
  private String name;
  private boolean lastWasCr;

  public List<Event> feed(Buffer read) {
    List<Event> events = new ArrayList<>(4);
    ByteView view = ByteView.of(read);
    byte[] bytes = view.array();
    int end = view.end();
    int lineStart = view.start();
    for (int i = lineStart; i < end; i++) {
      byte c = bytes[i];
      if (c != '\n' && c != '\r') {
        continue;
      }
      boolean crlfTail = c == '\n' && lastWasCr && i == lineStart && partialLength == 0;
      lastWasCr = c == '\r';
      if (crlfTail) {
        lineStart = i + 1; // the LF of a CRLF: the line already ended at the CR
        continue;
      }
      if (partialLength == 0) {
        line(bytes, lineStart, i - lineStart, events);
      } else {
        keep(bytes, lineStart, i - lineStart);
        int length = partialLength;
        partialLength = 0;
        line(partial, 0, length, events);
      }
      lineStart = i + 1;
    }
    if (lineStart < end) {
      keep(bytes, lineStart, end - lineStart);
      lastWasCr = false;
    }
    return events;
  }

  /** An event still open when the stream ends (no blank line after it), or null. */
  public Event finish() {
    if (partialLength > 0) {
      int length = partialLength;
      partialLength = 0;
      line(partial, 0, length, new ArrayList<>());
    }
    Event last = data == null ? null : new Event(name, joinedData());
    data = null;
    moreData = null;
    name = null;
    return last;
  }

  private void keep(byte[] bytes, int from, int length) {
    if (partialLength + length > partial.length) {
      partial = Arrays.copyOf(partial, Math.max(256, 2 * (partialLength + length)));
    }
    System.arraycopy(bytes, from, partial, partialLength, length);
    partialLength += length;
  }

  private void line(byte[] bytes, int from, int length, List<Event> events) {
    if (length == 0) {
      if (data != null) {
        events.add(new Event(name, joinedData()));
      }
      data = null;
      moreData = null;
      name = null;
      return;
    }
    if (bytes[from] == ':') {
      return;
    }
    int end = from + length;
    int colon = from;
    while (colon < end && bytes[colon] != ':') {
      colon++;
    }
    int valueFrom = colon >= end ? end : colon + 1 < end && bytes[colon + 1] == ' ' ? colon + 2 : colon + 1;
    if (isField(bytes, from, colon, DATA)) {
      String value = new String(bytes, valueFrom, end - valueFrom, StandardCharsets.UTF_8);
      if (data == null) {
        data = value;
      } else {
        if (moreData == null) {
          moreData = new StringBuilder(data);
        }
        moreData.append('\n').append(value);
      }
    } else if (isField(bytes, from, colon, EVENT)) {
      name = new String(bytes, valueFrom, end - valueFrom, StandardCharsets.UTF_8);
    }
  }

  private String joinedData() {
    return moreData == null ? data : moreData.toString();
  }

  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

  private static boolean isField(byte[] bytes, int from, int to, byte[] field) {
    if (to - from != field.length) {
      return false;
    }
    for (int i = 0; i < field.length; i++) {
      if (bytes[from + i] != field[i]) {
        return false;
      }
    }
    return true;
  }
}

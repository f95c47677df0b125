package io.switchboard.dialects;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental Server-Sent Events parser (WHATWG rules): splits a byte stream into events of an optional
 * {@code event:} name and the joined {@code data:} lines, whatever the read boundaries and line endings
 * (LF, CRLF or CR). Comments and {@code id:}/{@code retry:} fields are skipped.
 */
public final class SseParser {
  /** One event: {@code name} is null when the event had no {@code event:} field. */
  public record Event(String name, String data) {
  }

  // bytes, not chars: a multi-byte character may be split across reads, line ends never are
  private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
  private StringBuilder data;
  private String name;
  private boolean lastWasCr;

  public List<Event> feed(Buffer read) {
    List<Event> events = new ArrayList<>(4);
    byte[] bytes = read.getBytes();
    for (byte c : bytes) {
      if (c == '\n' && lastWasCr) {
        lastWasCr = false;
        continue; // the LF of a CRLF: the line already ended at the CR
      }
      lastWasCr = c == '\r';
      if (c == '\n' || c == '\r') {
        endLine(events);
      } else {
        line.write(c);
      }
    }
    return events;
  }

  /** An event still open when the stream ends (no blank line after it), or null. */
  public Event finish() {
    if (line.size() > 0) {
      endLine(new ArrayList<>());
    }
    Event last = data == null ? null : new Event(name, data.toString());
    data = null;
    name = null;
    return last;
  }

  private void endLine(List<Event> events) {
    if (line.size() == 0) {
      if (data != null) {
        events.add(new Event(name, data.toString()));
      }
      data = null;
      name = null;
      return;
    }
    String l = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (l.charAt(0) == ':') {
      return;
    }
    int colon = l.indexOf(':');
    String field = colon < 0 ? l : l.substring(0, colon);
    String value = colon < 0 ? "" : l.substring(colon + 1 < l.length() && l.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1);
    if (field.equals("data")) {
      if (data == null) {
        data = new StringBuilder(value);
      } else {
        data.append('\n').append(value);
      }
    } else if (field.equals("event")) {
      name = value;
    }
  }
}

package io.switchboard.providers.core;

import io.switchboard.api.StreamTranslator;
import io.switchboard.api.Usage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * A pass-through stream whose error events are scrubbed: the upstream's bytes reach the client untouched, but for
 * an error event it sends in the stream (an OpenAI or Gemini {@code {"error":...}}, Anthropic's
 * {@code event: error}, a Responses {@code response.failed}), which may echo the credential or the upstream's host.
 * Bytes are passed on event by whole event (a partial event waits for its end, as the client could not read it
 * anyway), so a secret split across two reads is still seen whole. Events are looked at only when they hold the
 * word {@code error}; the rest pass as they came.
 */
final class ScrubbedErrorEvents implements StreamTranslator {
  private static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);
  private final StreamTranslator inner;
  private final SecretScrubber scrubber;
  private Buffer carry = Buffer.buffer();

  ScrubbedErrorEvents(StreamTranslator inner, SecretScrubber scrubber) {
    this.inner = inner;
    this.scrubber = scrubber;
  }

  @Override
  public Buffer accept(Buffer upstreamRead) {
    Buffer out = inner.accept(upstreamRead);
    if (out.length() == 0) {
      return out;
    }
    int held = carry.length();
    Buffer data = held == 0 ? out : carry.appendBuffer(out);
    byte[] bytes = data.getBytes();
    int whole = lastEventEnd(bytes, Math.max(0, held - 3)); // what is held has no end: one may straddle the join
    if (whole <= 0) {
      carry = data.copy();
      return Buffer.buffer();
    }
    carry = data.getBuffer(whole, data.length());
    return scrubErrors(bytes, 0, whole, data);
  }

  @Override
  public Buffer finish() {
    Buffer rest = carry.appendBuffer(inner.finish());
    carry = Buffer.buffer();
    return rest.length() == 0 ? rest : scrubErrors(rest.getBytes(), 0, rest.length(), rest);
  }

  @Override
  public Usage usage() {
    return inner.usage();
  }

  @Override
  public long estimatedOutputTokens() {
    return inner.estimatedOutputTokens();
  }

  @Override
  public boolean completed() {
    return inner.completed();
  }

  @Override
  public String toldFailure() {
    return scrubber.scrub(inner.toldFailure());
  }

  /** The events in {@code bytes[from, to)}, each error event among them scrubbed. */
  private Buffer scrubErrors(byte[] bytes, int from, int to, Buffer data) {
    if (indexOf(bytes, ERROR, from, to) < 0) {
      return data.slice(from, to);
    }
    Buffer out = Buffer.buffer(to - from);
    int start = from;
    while (start < to) {
      int end = nextEventEnd(bytes, start, to);
      String event = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      out.appendString(indexOf(bytes, ERROR, start, end) >= 0 && isError(event) ? scrubber.scrub(event) : event);
      start = end;
    }
    return out;
  }

  /** An SSE event of type error, or whose data is an error object, or a response that failed. */
  static boolean isError(String event) {
    StringBuilder data = new StringBuilder();
    for (String line : event.split("\r\n|\n|\r")) {
      if (line.startsWith("event:") && line.substring(6).trim().equals("error")) {
        return true;
      }
      if (line.startsWith("data:")) {
        data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
      }
    }
    try {
      JsonObject json = new JsonObject(data.toString());
      String type = json.getValue("type") instanceof String t ? t : "";
      return json.containsKey("error") || type.equals("error") || type.endsWith(".failed");
    } catch (RuntimeException notJson) {
      return false;
    }
  }

  /** Index just past the last blank line that ends an event, searching from {@code from}; -1 when none. */
  private static int lastEventEnd(byte[] bytes, int from) {
    int last = -1;
    int at = from;
    int end;
    while ((end = nextEventEndOrMinus(bytes, at, bytes.length)) > 0) {
      last = end;
      at = end;
    }
    return last;
  }

  /** Index just past the blank line ending the event at {@code from}, or {@code to} when it runs to the end. */
  private static int nextEventEnd(byte[] bytes, int from, int to) {
    int end = nextEventEndOrMinus(bytes, from, to);
    return end < 0 ? to : end;
  }

  private static int nextEventEndOrMinus(byte[] bytes, int from, int to) {
    for (int i = from; i < to - 1; i++) {
      if (bytes[i] == '\n') {
        if (bytes[i + 1] == '\n') {
          return i + 2;
        }
        if (bytes[i + 1] == '\r' && i + 2 < to && bytes[i + 2] == '\n') {
          return i + 3;
        }
      }
    }
    return -1;
  }

  private static int indexOf(byte[] bytes, byte[] needle, int from, int to) {
    outer:
    for (int i = from; i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

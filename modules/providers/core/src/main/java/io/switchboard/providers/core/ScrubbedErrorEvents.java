package io.switchboard.providers.core;

import io.switchboard.api.StreamTranslator;
import io.switchboard.api.Usage;
import io.switchboard.dialects.ByteView;
import io.switchboard.dialects.SseScan;
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
    ByteView bytes = ByteView.of(data);
    if (held == 0 && endsEvent(bytes)) { // whole events, as a relay passes them on: nothing to hold
      return scrubErrors(bytes, data.length(), data);
    }
    // what is held has no end: one may straddle the join
    int end = lastEventEnd(bytes, bytes.start() + Math.max(0, held - 3));
    int whole = end < 0 ? 0 : end - bytes.start();
    if (whole == 0) {
      carry = data.copy();
      return Buffer.buffer();
    }
    carry = data.getBuffer(whole, data.length());
    return scrubErrors(bytes, whole, data);
  }

  @Override
  public Buffer finish() {
    Buffer rest = carry.appendBuffer(inner.finish());
    carry = Buffer.buffer();
    return rest.length() == 0 ? rest : scrubErrors(ByteView.of(rest), rest.length(), rest);
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

  /** The events in {@code data[0, length)}, whose bytes are {@code view}, each error event among them scrubbed. */
  private Buffer scrubErrors(ByteView view, int length, Buffer data) {
    byte[] bytes = view.array();
    int to = view.start() + length;
    if (SseScan.indexOf(bytes, ERROR, view.start(), to) < 0) {
      return length == data.length() ? data : data.slice(0, length);
    }
    Buffer out = Buffer.buffer(length);
    int start = view.start();
    while (start < to) {
      int end = SseScan.nextEventEnd(bytes, start, to);
      end = end < 0 ? to : end;
      String event = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      boolean error = SseScan.indexOf(bytes, ERROR, start, end) >= 0 && isError(event);
      out.appendString(error ? scrubber.scrub(event) : event);
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

  /** Index in the view's array just past the last blank line that ends an event, searching from {@code from}; -1. */
  private static int lastEventEnd(ByteView bytes, int from) {
    int last = -1;
    int end;
    while ((end = SseScan.nextEventEnd(bytes.array(), last < 0 ? from : last, bytes.end())) > 0) {
      last = end;
    }
    return last;
  }

  /** Whether the bytes end with the blank line that ends an event. */
  private static boolean endsEvent(ByteView view) {
    byte[] bytes = view.array();
    int n = view.end();
    int length = view.length();
    return length >= 2 && bytes[n - 1] == '\n'
      && (bytes[n - 2] == '\n' || length >= 3 && bytes[n - 2] == '\r' && bytes[n - 3] == '\n');
  }
}

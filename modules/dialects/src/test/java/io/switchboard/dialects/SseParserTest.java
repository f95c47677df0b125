package io.switchboard.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  // LF, CRLF and lone CR line ends, a comment, id/retry fields, a data line without a space, one without a colon,
  // two data lines joined, a two-byte and a four-byte character, and a last event with no blank line after it
  private static final String STREAM = ": keep-alive\n"
    + "event: message_start\r\ndata: {\"a\":1}\r\n\r\n"
    + "id: 7\nretry: 10\ndata:{\"b\":\"caf\u00e9\"}\n\n"
    + "data: one\rdata: two\r\r"
    + "event: ping\ndata\n\n"
    + "data: \ud83d\ude00 end\n\n"
    + "event: last\ndata: tail";

  private static final List<SseParser.Event> EXPECTED = List.of(
    new SseParser.Event("message_start", "{\"a\":1}"),
    new SseParser.Event(null, "{\"b\":\"caf\u00e9\"}"),
    new SseParser.Event(null, "one\ntwo"),
    new SseParser.Event("ping", ""),
    new SseParser.Event(null, "\ud83d\ude00 end"),
    new SseParser.Event("last", "tail"));

  @Test
  void sameEventsWhateverTheReadBoundaries() {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    assertEquals(EXPECTED, parse(List.of(bytes)));
    for (int cut = 1; cut < bytes.length; cut++) {
      List<byte[]> two = List.of(slice(bytes, 0, cut), slice(bytes, cut, bytes.length));
      assertEquals(EXPECTED, parse(two), "split at " + cut);
    }
    List<byte[]> single = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      single.add(slice(bytes, i, i + 1));
    }
    assertEquals(EXPECTED, parse(single), "byte by byte");
  }

  @Test
  void readsThatAreSlicesOfLargerBuffersAreReadAsTheirOwnBytes() {
    // the parser reads a buffer's bytes where they lie: what stands around a slice in its array is not the stream's
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < bytes.length; cut++) {
      List<byte[]> two = List.of(slice(bytes, 0, cut), slice(bytes, cut, bytes.length));
      assertEquals(EXPECTED, parse(two, true), "split at " + cut);
    }
  }

  private static List<SseParser.Event> parse(List<byte[]> reads) {
    return parse(reads, false);
  }

  private static List<SseParser.Event> parse(List<byte[]> reads, boolean slicesOfLarger) {
    SseParser parser = new SseParser();
    List<SseParser.Event> events = new ArrayList<>();
    byte[] around = "data: not this\n\n".getBytes(StandardCharsets.UTF_8);
    for (byte[] read : reads) {
      Buffer buffer = !slicesOfLarger ? Buffer.buffer(read)
        : Buffer.buffer(around).appendBytes(read).appendBytes(around).slice(around.length, around.length + read.length);
      events.addAll(parser.feed(buffer));
    }
    SseParser.Event last = parser.finish();
    if (last != null) {
      events.add(last);
    }
    return events;
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    byte[] out = new byte[to - from];
    System.arraycopy(bytes, from, out, 0, to - from);
    return out;
  }
}

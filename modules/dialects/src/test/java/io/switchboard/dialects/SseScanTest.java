package io.switchboard.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time searches find what a byte-by-byte search finds, wherever it stands. */
class SseScanTest {
  private static final byte[] ALPHABET = "\n\n\r\"error usage:{}data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] NEEDLES = {"error".getBytes(StandardCharsets.US_ASCII),
    "\"usage\"".getBytes(StandardCharsets.US_ASCII), "data:".getBytes(StandardCharsets.US_ASCII), {'\n'},
    "\n\n".getBytes(StandardCharsets.US_ASCII), "ee".getBytes(StandardCharsets.US_ASCII),
    "\"\"{".getBytes(StandardCharsets.US_ASCII), "e\"e".getBytes(StandardCharsets.US_ASCII)};

  @Test
  void findsWhatAByteByByteSearchFinds() {
    Random random = new Random(20261205);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(160)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)];
      }
      // needles planted, so that matches are found and not only missed; one cut short at the end at times
      for (int planted = random.nextInt(3); planted > 0 && bytes.length > 0; planted--) {
        byte[] needle = NEEDLES[random.nextInt(NEEDLES.length)];
        int at = random.nextInt(bytes.length);
        System.arraycopy(needle, 0, bytes, at, Math.min(needle.length, bytes.length - at));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int to = from + random.nextInt(bytes.length - from + 1);
      String where = "round " + round + " [" + from + ", " + to + ")";
      assertEquals(naiveEventEnd(bytes, from, to), SseScan.nextEventEnd(bytes, from, to), where);
      for (byte[] needle : NEEDLES) {
        assertEquals(naiveIndexOf(bytes, needle, from, to), SseScan.indexOf(bytes, needle, from, to), where);
      }
      byte value = (byte) random.nextInt(256);
      assertEquals(naiveIndexOf(bytes, new byte[] {value}, from, to), SseScan.indexOf(bytes, value, from, to), where);
    }
  }

  @Test
  void findsTheFirstOfSeveralInOneWord() {
    byte[] bytes = "ab\nc\n\nd\n\n".getBytes(StandardCharsets.US_ASCII);
    assertEquals(2, SseScan.indexOf(bytes, (byte) '\n', 0, bytes.length));
    assertEquals(6, SseScan.nextEventEnd(bytes, 0, bytes.length));
    assertEquals(9, SseScan.nextEventEnd(bytes, 6, bytes.length));
    assertEquals(-1, SseScan.nextEventEnd(bytes, 6, 8), "a blank line cut by the range's end is no end");
    byte[] crlf = "data: x\n\r\ndata: y".getBytes(StandardCharsets.US_ASCII);
    assertEquals(10, SseScan.nextEventEnd(crlf, 0, crlf.length));
  }

  private static int naiveEventEnd(byte[] bytes, int from, int to) {
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

  private static int naiveIndexOf(byte[] bytes, byte[] needle, int from, int to) {
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

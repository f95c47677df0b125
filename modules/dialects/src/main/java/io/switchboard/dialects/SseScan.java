package io.switchboard.dialects;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Searches in the bytes of an SSE stream, for code that passes the bytes on as they came (the OpenAI relay, the
 * error scrubber) and so never splits them into lines: where an event ends, where a word stands. Every byte of a
 * passed-through stream is searched this way, so bytes are tested eight at a time (one {@code long}, the
 * "has a zero byte" test) rather than one by one.
 */
public final class SseScan {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private SseScan() {
  }

  /** Index just past the blank line ({@code \n\n} or {@code \n\r\n}) ending the next event in the range, or -1. */
  public static int nextEventEnd(byte[] bytes, int from, int to) {
    int i = from;
    while ((i = indexOf(bytes, (byte) '\n', i, to - 1)) >= 0) {
      byte next = bytes[i + 1];
      if (next == '\n') {
        return i + 2;
      }
      if (next == '\r' && i + 2 < to && bytes[i + 2] == '\n') {
        return i + 3;
      }
      i++;
    }
    return -1;
  }

  /**
   * Index of the first {@code needle} in {@code bytes[from, to)}, or -1. Each word of eight start positions is
   * tested against two of the needle's bytes at once, its first and a later one that differs from it (for
   * {@code "usage"}, the quote and the {@code e}): searching for the first byte alone stopped at every quote of a
   * JSON event, and that was most of a passed-through stream's search.
   */
  public static int indexOf(byte[] bytes, byte[] needle, int from, int to) {
    if (needle.length == 1) {
      return indexOf(bytes, needle[0], from, to);
    }
    int k = probeIndex(needle);
    long first = (needle[0] & 0xFFL) * ONES;
    long probe = (needle[k] & 0xFFL) * ONES;
    int i = from;
    while (i + k + Long.BYTES <= to) {
      long x = ((long) LONGS.get(bytes, i) ^ first) | ((long) LONGS.get(bytes, i + k) ^ probe);
      long zeros = (x - ONES) & ~x & HIGHS; // exact for the lowest zero byte: a start where both bytes match
      if (zeros == 0) {
        i += Long.BYTES;
        continue;
      }
      int at = i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      if (startsWith(bytes, needle, at, to)) {
        return at;
      }
      i = at + 1;
    }
    for (int last = to - needle.length; i <= last; i++) {
      if (bytes[i] == needle[0] && startsWith(bytes, needle, i, to)) {
        return i;
      }
    }
    return -1;
  }

  /** The last index of a byte other than the needle's first, else its last index. */
  private static int probeIndex(byte[] needle) {
    for (int k = needle.length - 1; k > 0; k--) {
      if (needle[k] != needle[0]) {
        return k;
      }
    }
    return needle.length - 1;
  }

  /** Index of the first {@code value} in {@code bytes[from, to)}, or -1. */
  public static int indexOf(byte[] bytes, byte value, int from, int to) {
    long pattern = (value & 0xFFL) * ONES;
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = (long) LONGS.get(bytes, i) ^ pattern; // a zero byte where value stands
      long zeros = (x - ONES) & ~x & HIGHS; // exact for the lowest zero byte, the first in memory
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code bytes[at, end)} begins with {@code prefix}. */
  public static boolean startsWith(byte[] bytes, byte[] prefix, int at, int end) {
    return end - at >= prefix.length && Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
  }
}

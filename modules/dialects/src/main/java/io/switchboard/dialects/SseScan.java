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

  /** Index of the first {@code needle} in {@code bytes[from, to)}, or -1. */
  public static int indexOf(byte[] bytes, byte[] needle, int from, int to) {
    int last = to - needle.length;
    int i = from;
    while (i <= last && (i = indexOf(bytes, needle[0], i, last + 1)) >= 0) {
      if (startsWith(bytes, needle, i, to)) {
        return i;
      }
      i++;
    }
    return -1;
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

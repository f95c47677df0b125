package io.switchboard.dialects;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts o200k_base tokens the way tiktoken does (split by o200k's pattern, then byte-pair merges by rank), on
 * compact tables: every token's bytes in one array and an open-addressed index of ranks, about 4 MiB where a map
 * of byte arrays takes some 30 MiB. The ranks are the o200k file that ships in jtokkit's jar.
 */
final class O200kTokenizer {
  private static final String RANKS = "/com/knuddels/jtokkit/o200k_base.tiktoken";
  private static final Pattern PIECES = Pattern.compile(String.join("|",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "\\p{N}{1,3}",
      " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
      "\\s*[\\r\\n]+",
      "\\s+(?!\\S)",
      "\\s+"), Pattern.UNICODE_CHARACTER_CLASS);
  private static final int NONE = Integer.MAX_VALUE;
  /**
   * A piece longer than this many chars (a run of letters, digits or symbols with no space: never prose) is merged
   * in parts of this length, so a 10 MiB body cannot take more than about 2 MiB of scratch; below it the count is
   * exactly tiktoken's, above it may differ by a token or so per part.
   */
  static final int PART_CHARS = 16_384;
  private static final int RANK_BITS = 18;
  private static final int TAG_BITS = 32 - RANK_BITS;
  private static final int RANK_MASK = (1 << RANK_BITS) - 1;

  /** Token {@code r}'s bytes are {@code bytes[offsets[r] .. offsets[r + 1])}. */
  private final byte[] bytes;
  private final int[] offsets;
  /**
   * Open addressing on the bytes' hash; a slot holds the hash's top {@value #TAG_BITS} bits above rank + 1, so most
   * probes that miss compare no bytes. 0 is empty.
   */
  private final int[] slots;

  private O200kTokenizer(byte[] bytes, int[] offsets) {
    this.bytes = bytes;
    this.offsets = offsets;
    int tokens = offsets.length - 1;
    if (tokens >= RANK_MASK) {
      throw new IllegalStateException(RANKS + " has more ranks than a slot holds");
    }
    this.slots = new int[Integer.highestOneBit(tokens * 2) * 2];
    int mask = slots.length - 1;
    for (int rank = 0; rank < tokens; rank++) {
      int hash = hash(bytes, offsets[rank], offsets[rank + 1]);
      int slot = hash & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = (hash >>> RANK_BITS << RANK_BITS) | (rank + 1);
    }
  }

  static O200kTokenizer load() {
    try (InputStream in = O200kTokenizer.class.getResourceAsStream(RANKS)) {
      if (in == null) {
        throw new IllegalStateException(RANKS + " is not on the class path");
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      Base64.Decoder base64 = Base64.getDecoder();
      byte[] bytes = new byte[1 << 21];
      int[] offsets = new int[1 << 18];
      int tokens = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        int space = line.indexOf(' ');
        if (Integer.parseInt(line, space + 1, line.length(), 10) != tokens) {
          throw new IllegalStateException(RANKS + " does not list ranks in order at rank " + tokens);
        }
        byte[] token = base64.decode(line.substring(0, space));
        int at = offsets[tokens];
        if (at + token.length > bytes.length) {
          bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        if (tokens + 2 > offsets.length) {
          offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        System.arraycopy(token, 0, bytes, at, token.length);
        offsets[++tokens] = at + token.length;
      }
      return new O200kTokenizer(Arrays.copyOf(bytes, offsets[tokens]), Arrays.copyOf(offsets, tokens + 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int count(CharSequence text) {
    int tokens = 0;
    byte[] piece = new byte[64];
    for (Matcher matcher = PIECES.matcher(text); matcher.find(); ) {
      for (int start = matcher.start(), end = matcher.end(), stop; start < end; start = stop) {
        stop = end - start <= PART_CHARS ? end : partEnd(text, start + PART_CHARS);
        int length = utf8(text, start, stop, piece);
        if (length > piece.length) {
          piece = new byte[Math.max(length, piece.length * 2)];
          utf8(text, start, stop, piece);
        }
        tokens += pieceTokens(piece, length);
      }
    }
    return tokens;
  }

  /** Where a part of a long piece ends: at {@code at}, or one char sooner so as not to split a surrogate pair. */
  private static int partEnd(CharSequence text, int at) {
    return Character.isHighSurrogate(text.charAt(at - 1)) && Character.isLowSurrogate(text.charAt(at)) ? at - 1 : at;
  }

  /**
   * Byte-pair merges of one piece, lowest rank first and leftmost among equals, as tiktoken; counts the parts left.
   * A heap keeps it O(n log n), so a long run of one character class costs no more than its length.
   */
  private int pieceTokens(byte[] piece, int length) {
    if (length <= 1 || rank(piece, 0, length) != NONE) {
      return length == 0 ? 0 : 1;
    }
    int[] next = new int[length];
    int[] prev = new int[length];
    int[] pairRank = new int[length];
    long[] heap = new long[length * 3];
    int heapSize = 0;
    for (int i = 0; i < length; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      pairRank[i] = i + 2 <= length ? rank(piece, i, i + 2) : NONE;
      if (pairRank[i] != NONE) {
        heapSize = push(heap, heapSize, pairRank[i], i);
      }
    }
    int parts = length;
    while (heapSize > 0) {
      long top = heap[0];
      heapSize = pop(heap, heapSize);
      int at = (int) top;
      if (pairRank[at] != (int) (top >>> 32)) {
        continue; // a pair since merged or grown
      }
      int gone = next[at];
      next[at] = next[gone];
      if (next[at] < length) {
        prev[next[at]] = at;
      }
      pairRank[gone] = NONE;
      parts--;
      pairRank[at] = next[at] < length ? rank(piece, at, next[next[at]]) : NONE;
      if (pairRank[at] != NONE) {
        heapSize = push(heap, heapSize, pairRank[at], at);
      }
      int before = prev[at];
      if (before >= 0) {
        pairRank[before] = rank(piece, before, next[at]);
        if (pairRank[before] != NONE) {
          heapSize = push(heap, heapSize, pairRank[before], before);
        }
      }
    }
    return parts;
  }

  private static int push(long[] heap, int size, int rank, int at) {
    long entry = ((long) rank << 32) | at;
    int i = size;
    while (i > 0 && heap[(i - 1) >>> 1] > entry) {
      heap[i] = heap[(i - 1) >>> 1];
      i = (i - 1) >>> 1;
    }
    heap[i] = entry;
    return size + 1;
  }

  private static int pop(long[] heap, int size) {
    long last = heap[--size];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && heap[child + 1] < heap[child]) {
        child++;
      }
      if (heap[child] >= last) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    return size;
  }

  /** The rank of {@code piece[from .. to)} as one token, or {@link #NONE}. */
  private int rank(byte[] piece, int from, int to) {
    int mask = slots.length - 1;
    int hash = hash(piece, from, to);
    int tag = hash >>> RANK_BITS;
    for (int slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
      int entry = slots[slot];
      int rank = (entry & RANK_MASK) - 1;
      if (entry >>> RANK_BITS == tag && Arrays.equals(bytes, offsets[rank], offsets[rank + 1], piece, from, to)) {
        return rank;
      }
    }
    return NONE;
  }

  private static int hash(byte[] bytes, int from, int to) {
    int h = to - from;
    for (int i = from; i < to; i++) {
      h = 31 * h + bytes[i];
    }
    h *= 0x9E3779B9; // spreads short tokens' small sums into the top bits, the tag
    return h ^ (h >>> 16);
  }

  /**
   * Writes {@code text[from .. to)} as UTF-8 into {@code out} when it fits, as {@link String#getBytes} would (a lone
   * surrogate becomes {@code ?}); returns the length it needs either way.
   */
  private static int utf8(CharSequence text, int from, int to, byte[] out) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n = put(out, n, c);
      } else if (c < 0x800) {
        n = put(out, n, 0xC0 | (c >> 6));
        n = put(out, n, 0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        n = put(out, n, 0xF0 | (cp >> 18));
        n = put(out, n, 0x80 | ((cp >> 12) & 0x3F));
        n = put(out, n, 0x80 | ((cp >> 6) & 0x3F));
        n = put(out, n, 0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        n = put(out, n, '?');
      } else {
        n = put(out, n, 0xE0 | (c >> 12));
        n = put(out, n, 0x80 | ((c >> 6) & 0x3F));
        n = put(out, n, 0x80 | (c & 0x3F));
      }
    }
    return n;
  }

  private static int put(byte[] out, int n, int b) {
    if (n < out.length) {
      out[n] = (byte) b;
    }
    return n + 1;
  }
}

package io.switchboard.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes that one kind of holder keeps in this process's heap (the answers read whole, the request bodies of the calls
 * in flight), counted together under a bound: a holder that would pass it while others hold bytes too is refused, and
 * one alone may hold any amount (its own limit bounds it). Without such bounds a few large answers or bodies at once
 * ran the README's 112 MiB heap out.
 */
public final class HeldBytes {
  private final AtomicLong held = new AtomicLong();

  /** The configured bound, where 0 means an eighth of the heap ({@code -Xmx}). */
  public static long bound(long configured) {
    return configured == 0 ? Runtime.getRuntime().maxMemory() / 8 : configured;
  }

  /** A {@code content-length} header's value: -1 when there is none, or it is no number (the HTTP codecs refuse it). */
  public static long contentLength(String header) {
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }

  /** A holder's share of the count: what it holds, let go whole when it is done. */
  public Holder holder() {
    return new Holder();
  }

  /** One holder (an answer being read, a call's body): counts what it holds itself, so it is let go once, whole. */
  public final class Holder {
    private long own;
    private boolean released;

    private Holder() {
    }

    /**
     * Counts {@code bytes} more; false, with nothing counted, when that would pass {@code atMost} while others hold
     * bytes too. Once released it counts nothing more: what still arrives is dropped with it.
     */
    public boolean hold(long bytes, long atMost) {
      if (released) {
        return true;
      }
      long now = held.addAndGet(bytes);
      if (now > atMost && now > own + bytes) {
        held.addAndGet(-bytes);
        return false;
      }
      own += bytes;
      return true;
    }

    /** Lets go of what it holds; later holds count nothing. */
    public void release() {
      released = true;
      held.addAndGet(-own);
      own = 0;
    }
  }

  /** What the holders count now, in bytes. */
  public long held() {
    return held.get();
  }
}

package io.switchboard.ingress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request bodies of the calls in flight in this process hold at most {@code http.heldBodyBytes} between them (by
 * default an eighth of the heap: a body is held a few times over, read, decoded and rewritten for the upstream, until
 * its call ends), counted by their {@code content-length} once their key is known, before a byte of them is read. A
 * body that would pass the bound while others are held is refused (503, {@code Retry-After}); one alone is read up
 * to {@code http.maxBodyBytes}, whatever its size. A body without a {@code content-length} (chunked) is not counted.
 * Without the bound, twenty 6 MiB bodies at once ran the README's 112 MiB heap out.
 */
final class HeldBodies {
  private static final AtomicLong HELD = new AtomicLong();

  private HeldBodies() {
  }

  /** Counts {@code bytes}, unless that passes {@code atMost} while other bodies are held: then false, nothing counted. */
  static boolean hold(long bytes, long atMost) {
    long now = HELD.addAndGet(bytes);
    if (now > atMost && now > bytes) {
      HELD.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  static void release(long bytes) {
    HELD.addAndGet(-bytes);
  }

  /** What the bodies held in this process count now, in bytes. */
  static long held() {
    return HELD.get();
  }
}

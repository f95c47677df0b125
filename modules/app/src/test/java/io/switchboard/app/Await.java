package io.switchboard.app;

import java.util.function.Predicate;

/** Waiting in a test for what the gateway does beside its answer: polled every 10 ms, 10 s at most. */
final class Await {
  private static final long LIMIT_MS = 10_000;

  private Await() {
  }

  /** A read a test polls (it may block and throw). */
  interface Read<T> {
    T get() throws Exception;
  }

  /** Until {@code condition} holds; else fails naming {@code what}. */
  static void until(Read<Boolean> condition, String what) throws Exception {
    value(condition, Boolean::booleanValue, what);
  }

  /** The first value {@code read} gives that is {@code done}; else fails naming {@code what}. */
  static <T> T value(Read<T> read, Predicate<T> done, String what) throws Exception {
    long deadline = System.currentTimeMillis() + LIMIT_MS;
    T value = read.get();
    while (!done.test(value)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("not within " + LIMIT_MS / 1000 + " s: " + what + " (last: " + value + ")");
      }
      Thread.sleep(10);
      value = read.get();
    }
    return value;
  }
}

package io.switchboard.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * The events of one mock stream: fixed opening events, {@code contentCount} content events made on demand (so a
 * 100k-chunk stream costs no memory up front), fixed closing events. Aborts count content events only.
 */
record EventPlan<E>(List<E> opening, int contentCount, IntFunction<E> content, List<E> closing) {

  EventPlan {
    opening = List.copyOf(opening);
    closing = List.copyOf(closing);
  }

  int size() {
    return opening.size() + contentCount + closing.size();
  }

  E event(int i) {
    if (i < opening.size()) {
      return opening.get(i);
    }
    int c = i - opening.size();
    return c < contentCount ? content.apply(c) : closing.get(c - contentCount);
  }

  /** Every event transformed, given its position in the whole stream. */
  <R> EventPlan<R> map(BiFunction<Integer, E, R> f) {
    List<R> open = new ArrayList<>();
    for (int i = 0; i < opening.size(); i++) {
      open.add(f.apply(i, opening.get(i)));
    }
    int first = opening.size();
    List<R> close = new ArrayList<>();
    for (int i = 0; i < closing.size(); i++) {
      close.add(f.apply(first + contentCount + i, closing.get(i)));
    }
    return new EventPlan<>(open, contentCount, c -> f.apply(first + c, content.apply(c)), close);
  }

  /** The same plan with one more event at the very end. */
  EventPlan<E> followedBy(E last) {
    List<E> close = new ArrayList<>(closing);
    close.add(last);
    return new EventPlan<>(opening, contentCount, content, close);
  }

  /** All events in order; for tests and helpers that want the whole transcript. */
  List<E> all() {
    List<E> events = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      events.add(event(i));
    }
    return events;
  }
}

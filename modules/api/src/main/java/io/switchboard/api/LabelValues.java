package io.switchboard.api;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The values one metric label may take, so that a label never grows a series per client-chosen string: names a
 * role knows to exist (models an account serves, accounts, rules), at most {@code max} of them; anything else, and
 * every name past the cap, is {@link #OTHER}.
 */
public final class LabelValues {
  public static final String OTHER = "other";
  /** The value when there is no name at all (e.g. no account was tried). */
  public static final String NONE = "none";
  /** Every instance (each a role's static), so that names can be forgotten everywhere ({@link #forgetEverywhere}). */
  private static final List<LabelValues> ALL = new CopyOnWriteArrayList<>();
  private final int max;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final AtomicInteger size = new AtomicInteger();

  public LabelValues(int max) {
    this.max = max;
    ALL.add(this);
  }

  /**
   * Forgets the names {@code forget} matches in every instance: they free their slots and are unknown again (the
   * start's warm-up's accounts and models, which no later request should be labelled by).
   */
  public static void forgetEverywhere(Predicate<String> forget) {
    for (LabelValues values : ALL) {
      for (String name : values.known) {
        if (forget.test(name) && values.known.remove(name)) {
          values.size.decrementAndGet();
        }
      }
    }
  }

  /**
   * The label for a name this role knows exists (from its own tables, or the scheduler's answer): the name while
   * fewer than {@code max} names have been seen, else {@link #OTHER}.
   */
  public String known(String name) {
    if (name == null || name.isEmpty()) {
      return NONE;
    }
    if (known.contains(name)) {
      return name;
    }
    if (size.incrementAndGet() > max) {
      size.decrementAndGet();
      return OTHER;
    }
    known.add(name);
    return name;
  }

  /** The label for a name that may be anything a client sent: the name only when already known, else {@link #OTHER}. */
  public String of(String name) {
    if (name == null || name.isEmpty()) {
      return NONE;
    }
    return known.contains(name) ? name : OTHER;
  }
}

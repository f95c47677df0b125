package io.switchboard.api;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The names an enum's constants go by in rows, config and JSON, and the constant each name stands for. */
final class WireNames<E extends Enum<E>> {
  private final E[] constants;
  private final List<String> names;
  private final Function<E, String> nameOf;
  private final String what;

  /** {@code what} says in an error message what the names name ("error class"). */
  WireNames(Class<E> type, Function<E, String> nameOf, String what) {
    this.constants = type.getEnumConstants();
    this.names = Arrays.stream(constants).map(nameOf).toList();
    this.nameOf = nameOf;
    this.what = what;
  }

  /** Every name, in declaration order. */
  List<String> all() {
    return names;
  }

  /** The constant a name stands for; null for null; an unknown name is an {@link IllegalArgumentException}. */
  E parse(String name) {
    if (name == null) {
      return null;
    }
    for (E constant : constants) {
      if (nameOf.apply(constant).equals(name)) {
        return constant;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " " + name + " (known: " + names + ")");
  }
}

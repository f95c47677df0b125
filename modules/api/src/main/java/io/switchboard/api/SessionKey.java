package io.switchboard.api;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The key naming a request's conversation for sticky routing, hashed only when first asked for: the scheduler needs
 * it only when more than one account may serve the request, and hashing the prompt (a system prompt of some 20 KB,
 * from a client that names no session) is most of what naming a conversation costs. Asked for on one thread at a
 * time: the scheduler's once the bus has handed the request over, or the sender's to put it on a clustered bus.
 */
public final class SessionKey {
  private Supplier<String> source;
  private String value;

  private SessionKey(Supplier<String> source, String value) {
    this.source = source;
    this.value = value;
  }

  /** A key already known, or null for none. */
  public static SessionKey of(String value) {
    return value == null ? null : new SessionKey(null, value);
  }

  /** A key {@code source} works out when it is first asked for (it may find none: null). */
  public static SessionKey lazy(Supplier<String> source) {
    return new SessionKey(Objects.requireNonNull(source), null);
  }

  /** The key, or null when the request names no conversation. */
  public String value() {
    if (source != null) {
      value = source.get();
      source = null;
    }
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SessionKey key && Objects.equals(value(), key.value());
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(value());
  }

  @Override
  public String toString() {
    return source != null ? "SessionKey[not yet hashed]" : "SessionKey[" + value + "]";
  }
}

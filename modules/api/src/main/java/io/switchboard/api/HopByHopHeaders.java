package io.switchboard.api;

import io.vertx.core.MultiMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removes the headers that belong to one connection, not to the message, before a message is passed to the next hop
 * (RFC 9110 §7.6.1): the fixed hop-by-hop set, every name listed in any {@code Connection} header, and
 * {@code content-length} (the next hop frames the body itself). Each direction adds its own names to drop.
 */
public final class HopByHopHeaders {
  /** Hop-by-hop whatever {@code Connection} says, plus the framing header both directions re-frame. */
  public static final Set<String> FIXED = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
    "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization", "content-length");

  private HopByHopHeaders() {
  }

  /**
   * The names one direction drops: {@link #FIXED} and {@code more} (lower-case names), joined once, so that a header
   * is looked up in one set.
   */
  public static Dropped dropping(Set<String> more) {
    Set<String> all = new HashSet<>(FIXED);
    all.addAll(more);
    return new Dropped(Set.copyOf(all));
  }

  /** What {@link #dropping} joined: made only there, so what {@link #strip} drops always holds {@link #FIXED}. */
  public static final class Dropped {
    private final Set<String> names;

    private Dropped(Set<String> names) {
      this.names = names;
    }
  }

  /**
   * The headers fit for the next hop, by lower-case name (repeated names joined with ", "): neither dropped nor
   * listed in a {@code Connection} header.
   */
  public static Map<String, String> strip(MultiMap headers, Dropped dropped) {
    Set<String> connectionOnly = listedInConnection(headers);
    Set<String> names = dropped.names;
    Map<String, String> kept = new HashMap<>();
    headers.forEach((key, value) -> {
      String name = key.toLowerCase(Locale.ROOT);
      if (!names.contains(name) && (connectionOnly.isEmpty() || !connectionOnly.contains(name))) {
        kept.merge(name, value, (a, b) -> a + ", " + b);
      }
    });
    return kept;
  }

  /** Every name any {@code Connection} header lists (a header may be repeated, each a comma-separated list). */
  private static Set<String> listedInConnection(MultiMap headers) {
    if (!headers.contains("connection")) {
      return Set.of(); // the common case: HTTP/1.1 keeps the connection without saying so
    }
    Set<String> names = new HashSet<>();
    for (String connection : headers.getAll("connection")) {
      for (String token : connection.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }
}

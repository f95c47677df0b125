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
   * The headers fit for the next hop, by lower-case name (repeated names joined with ", "): neither hop-by-hop nor
   * in {@code alsoDropped} (lower-case names).
   */
  public static Map<String, String> strip(MultiMap headers, Set<String> alsoDropped) {
    Set<String> connectionOnly = listedInConnection(headers);
    Map<String, String> kept = new HashMap<>();
    headers.forEach(entry -> {
      String name = entry.getKey().toLowerCase(Locale.ROOT);
      if (!FIXED.contains(name) && !connectionOnly.contains(name) && !alsoDropped.contains(name)) {
        kept.merge(name, entry.getValue(), (a, b) -> a + ", " + b);
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

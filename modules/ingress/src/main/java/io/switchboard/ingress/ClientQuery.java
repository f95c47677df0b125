package io.switchboard.ingress;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A client's query string as an upstream may get it: without the parameters the gateway reads itself (the client's
 * key, the stream framing). A parameter is known by its name as the gateway reads it, percent-decoded and in any
 * case (Vert.x' parameters are case-insensitive), so {@code k%65y=} or {@code KEY=}, which authenticate like
 * {@code key=}, are dropped too, and so is {@code a=1;key=} (Vert.x reads ';' as '&'); a name that does not decode
 * is dropped as well. The rest goes on as the client wrote it, in its order.
 */
final class ClientQuery {
  private ClientQuery() {
  }

  /** {@code query} without the parameters named in {@code dropped} (lower case); null when nothing is left. */
  static String without(String query, Set<String> dropped) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    StringBuilder kept = new StringBuilder();
    for (String part : query.split("&")) {
      if (!part.isEmpty() && keeps(part, dropped)) {
        kept.append(kept.length() == 0 ? "" : "&").append(part);
      }
    }
    return kept.length() == 0 ? null : kept.toString();
  }

  /** Vert.x reads ';' as '&' too: a part is kept only if none of the parameters it holds so is dropped. */
  private static boolean keeps(String part, Set<String> dropped) {
    for (String pair : part.split(";")) {
      int equals = pair.indexOf('=');
      String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
      if (name == null || dropped.contains(name)) {
        return false;
      }
    }
    return true;
  }

  /** The name lower-cased and percent-decoded; null when it does not decode (then it is dropped). */
  private static String decoded(String name) {
    try {
      return URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

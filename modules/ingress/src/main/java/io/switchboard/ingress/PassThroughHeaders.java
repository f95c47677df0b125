package io.switchboard.ingress;

import io.switchboard.api.HopByHopHeaders;
import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.Set;

/**
 * What of a pass-through request goes upstream: its headers less the client's credentials (every place a key may
 * travel), cookies, hop-by-hop and framing headers, addresses, compression (the answer is metered on the way, so it
 * comes uncompressed) and what picks whose account pays; its query less a {@code key} parameter. The content type,
 * accept and every vendor header stay, so endpoints the gateway does not model work as the client meant them.
 */
final class PassThroughHeaders {
  private static final Set<String> KEY_PARAMETER = Set.of("key");
  private static final HopByHopHeaders.Dropped KEPT_BACK = HopByHopHeaders.dropping(Set.of(
    "authorization", "x-api-key", "api-key", "x-goog-api-key",
    "cookie", "host", "accept-encoding", "expect", "forwarded", "x-forwarded-for", "x-forwarded-host",
    "x-forwarded-proto", "x-real-ip", "openai-organization", "openai-project", "x-goog-user-project"));

  private PassThroughHeaders() {
  }

  static Map<String, String> of(MultiMap headers) {
    return HopByHopHeaders.strip(headers, KEPT_BACK);
  }

  /** The query without the client's key; null when nothing is left. */
  static String query(String query) {
    return ClientQuery.without(query, KEY_PARAMETER);
  }
}

package io.switchboard.providers.core;

import io.switchboard.api.HopByHopHeaders;
import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.Set;

/**
 * Which upstream response headers reach the client: hop-by-hop and framing ones ({@link HopByHopHeaders}) and
 * account-identifying ones do not.
 */
public final class UpstreamToClientHeaders {
  private static final HopByHopHeaders.Dropped DROPPED = HopByHopHeaders.dropping(Set.of(
    "trailers", "set-cookie", "date", "server", "alt-svc",
    "openai-organization", "openai-project", "via", "cf-ray", "cf-cache-status"));

  private UpstreamToClientHeaders() {
  }

  public static Map<String, String> of(MultiMap upstream) {
    return HopByHopHeaders.strip(upstream, DROPPED);
  }
}

package io.switchboard.providers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.MultiMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which upstream response headers a client gets to see. */
class UpstreamToClientHeadersTest {

  @Test
  void hopByHopFramingAndAccountIdentifyingHeadersStayBehind() {
    MultiMap upstream = MultiMap.caseInsensitiveMultiMap()
      .add("Content-Type", "text/event-stream")
      .add("Connection", "keep-alive, X-Internal-Hop")
      .add("X-Internal-Hop", "listed in Connection, so hop-by-hop")
      .add("Keep-Alive", "timeout=5")
      .add("Transfer-Encoding", "chunked")
      .add("Content-Length", "12")
      .add("Set-Cookie", "__cf_bm=abc")
      .add("openai-organization", "org-secret")
      .add("openai-project", "proj_123")
      .add("x-ratelimit-remaining-requests", "499")
      .add("openai-processing-ms", "41")
      .add("Vary", "Origin")
      .add("vary", "Accept-Encoding");

    assertEquals(Map.of("content-type", "text/event-stream", "x-ratelimit-remaining-requests", "499",
      "openai-processing-ms", "41", "vary", "Origin, Accept-Encoding"), UpstreamToClientHeaders.of(upstream));
  }

  @Test
  void secretsInUpstreamTextAreScrubbed() {
    assertEquals("Incorrect API key provided: [redacted]. Also [redacted].",
      SecretScrubber.scrub("Incorrect API key provided: sk-proj-abc123***wxyz. Also my-raw-credential-9.",
        "my-raw-credential-9"));
  }
}

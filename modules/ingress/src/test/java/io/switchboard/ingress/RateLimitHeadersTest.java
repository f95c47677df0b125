package io.switchboard.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.switchboard.api.Admission;
import io.switchboard.api.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upstream's rate-limit headers describe the upstream account: a key with its own limits never sees them (its
 * own come instead); a key without limits gets the upstream's headers untouched, and no key its request id. Reset
 * times read like OpenAI's.
 */
class RateLimitHeadersTest {
  private static final Map<String, String> UPSTREAM = Map.of("x-ratelimit-limit-requests", "10000",
    "X-RateLimit-Remaining-Tokens", "1999000", "anthropic-ratelimit-requests-limit", "4000", "openai-processing-ms", "12");

  private static final Principal LIMITED = new Principal(1, "k", List.of("*"), 0, null, List.of(),
    new Admission(true, null, 0, null, 0, 5, 4, 60_000, 0, 0, 0, false));

  @Test
  void aLimitedKeyLosesTheUpstreamsRateLimitHeaders() {
    assertEquals(Map.of("openai-processing-ms", "12"), RateLimitHeaders.upstream(UPSTREAM, LIMITED));
  }

  @Test
  void aKeyWithoutLimitsKeepsThem() {
    assertSame(UPSTREAM, RateLimitHeaders.upstream(UPSTREAM, new Principal(1, "k", List.of("*"))));
    Principal quotaOnly = new Principal(1, "k", List.of("*"), 7, null, List.of(),
      new Admission(true, null, 0, "slot", 0, 0, 0, 0, 0, 0, 0, false));
    assertSame(UPSTREAM, RateLimitHeaders.upstream(UPSTREAM, quotaOnly), "a concurrency limit alone is not announced");
  }

  @Test
  void noKeySeesTheUpstreamsRequestId() {
    Map<String, String> upstream = Map.of("x-request-id", "req_upstream", "openai-processing-ms", "12",
      "x-ratelimit-limit-requests", "10000");
    assertEquals(Map.of("openai-processing-ms", "12", "x-ratelimit-limit-requests", "10000"),
      RateLimitHeaders.upstream(upstream, new Principal(1, "k", List.of("*"))));
    assertEquals(Map.of("openai-processing-ms", "12"), RateLimitHeaders.upstream(upstream, LIMITED));
  }

  @Test
  void resetTimesReadLikeOpenAis() {
    assertEquals("20ms", RateLimitHeaders.duration(20));
    assertEquals("1.5s", RateLimitHeaders.duration(1500));
    assertEquals("59s", RateLimitHeaders.duration(59_000));
    assertEquals("1m0s", RateLimitHeaders.duration(60_000));
    assertEquals("6m2.25s", RateLimitHeaders.duration(362_250));
  }
}

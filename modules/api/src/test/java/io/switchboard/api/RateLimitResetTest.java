package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way upstreams say when a rate limit resets. */
class RateLimitResetTest {
  private static final long NOW = 1_700_000_000_000L;

  @Test
  void retryAfterInSecondsOrAsAnHttpDate() {
    assertEquals(7000, RateLimitReset.waitMs(Map.of("retry-after", "7"), NOW));
    assertEquals(1500, RateLimitReset.waitMs(Map.of("retry-after", "1.5"), NOW));
    assertEquals(30_000, RateLimitReset.waitMs(Map.of("retry-after", "Tue, 14 Nov 2023 22:13:50 GMT"), NOW));
    assertEquals(-1, RateLimitReset.waitMs(Map.of("retry-after", "soon"), NOW));
  }

  @Test
  void openAiDurationsAndMilliseconds() {
    assertEquals(360_000, RateLimitReset.waitMs(Map.of("x-ratelimit-reset-requests", "6m0s"), NOW));
    assertEquals(20, RateLimitReset.waitMs(Map.of("x-ratelimit-reset-tokens", "20ms"), NOW));
    assertEquals(3_723_500, RateLimitReset.waitMs(Map.of("x-ratelimit-reset-tokens", "1h2m3.5s"), NOW));
    assertEquals(250, RateLimitReset.waitMs(Map.of("retry-after-ms", "250"), NOW));
  }

  @Test
  void anthropicResetTimesAndTheLongestWaitWins() {
    assertEquals(12_000, RateLimitReset.waitMs(Map.of("anthropic-ratelimit-tokens-reset", "2023-11-14T22:13:32Z",
      "retry-after", "3"), NOW));
    assertEquals(-1, RateLimitReset.waitMs(Map.of("content-type", "application/json"), NOW));
  }

  @Test
  void secondsRoundUp() {
    assertEquals(1, RateLimitReset.seconds(0));
    assertEquals(25, RateLimitReset.seconds(24_001));
  }
}

package io.switchboard.ingress;

import io.switchboard.api.Admission;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Principal;
import io.switchboard.api.RateLimitReset;
import io.vertx.core.http.HttpServerResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells a client its key's rate limits the way OpenAI does ({@code x-ratelimit-limit-requests},
 * {@code -remaining-requests}, {@code -reset-requests} and the same for tokens), on every answer of a key that has
 * limits, and refuses an over-limit request with 429 and {@code Retry-After}. On such keys the upstream's own
 * rate-limit headers are dropped: they describe the upstream account, which the client neither owns nor is
 * limited by. Keys without limits see the upstream's headers as before.
 */
final class RateLimitHeaders {
  private RateLimitHeaders() {
  }

  /** Puts the key's limit headers; throws the 429 when the request was refused. */
  static void apply(HttpServerResponse response, Principal principal) {
    Admission a = principal.admission();
    if (a == null) {
      return;
    }
    if (a.requestLimit() > 0) {
      response.putHeader("x-ratelimit-limit-requests", Long.toString(a.requestLimit()))
        .putHeader("x-ratelimit-remaining-requests", Long.toString(a.requestsRemaining()))
        .putHeader("x-ratelimit-reset-requests", duration(a.requestsResetMs()));
    }
    if (a.tokenLimit() > 0) {
      response.putHeader("x-ratelimit-limit-tokens", Long.toString(a.tokenLimit()))
        .putHeader("x-ratelimit-remaining-tokens", Long.toString(a.tokensRemaining()))
        .putHeader("x-ratelimit-reset-tokens", duration(a.tokensResetMs()));
    }
    if (!a.admitted()) {
      response.putHeader("retry-after", Long.toString(Math.max(1, (a.retryAfterMs() + 999) / 1000)));
      throw new GatewayException(ErrorKind.RATE_LIMITED, refusal(principal, a));
    }
  }

  /** The upstream's headers a client of this key gets: without the upstream's rate-limit headers if the key has limits. */
  static Map<String, String> upstream(Map<String, String> headers, Principal principal) {
    if (principal == null || principal.admission() == null || !principal.admission().limited()) {
      return headers;
    }
    Map<String, String> kept = new HashMap<>(headers.size());
    headers.forEach((name, value) -> {
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (!RateLimitReset.isRateLimitHeader(lower)) {
        kept.put(name, value);
      }
    });
    return kept;
  }

  private static String refusal(Principal principal, Admission a) {
    String what = switch (a.refusal()) {
      case "tokens" -> "tokens per minute (TPM): limit " + a.tokenLimit() + ", remaining " + a.tokensRemaining();
      case "concurrency" -> "concurrent requests";
      default -> "requests per minute (RPM): limit " + a.requestLimit();
    };
    return "Rate limit reached for API key '" + principal.keyName() + "' on " + what + ". Please try again in "
      + duration(a.retryAfterMs()) + ".";
  }

  /** OpenAI's reset format: {@code 20ms}, {@code 1.5s}, {@code 6m0s}. */
  static String duration(long ms) {
    if (ms < 1000) {
      return ms + "ms";
    }
    long minutes = ms / 60_000;
    double seconds = (ms % 60_000) / 1000.0;
    String s = seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    return minutes > 0 ? minutes + "m" + s + "s" : s + "s";
  }
}

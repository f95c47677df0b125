package io.switchboard.ingress;

import io.switchboard.api.Admission;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Principal;
import io.switchboard.api.RateLimitReset;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Tells a client its key's rate limits the way OpenAI does ({@code x-ratelimit-limit-requests},
 * {@code -remaining-requests}, {@code -reset-requests} and the same for tokens), on every answer of a key that has
 * limits, and refuses an over-limit request with 429 and {@code Retry-After}. On such keys the upstream's own
 * rate-limit headers are dropped: they describe the upstream account, which the client neither owns nor is
 * limited by. Keys without limits see the upstream's headers as before. The upstream's request id is never passed
 * on. The header names are made once, with their hash codes (Netty's {@code AsciiString}).
 */
final class RateLimitHeaders {
  private static final String REQUEST_ID = "x-request-id";
  private static final CharSequence LIMIT_REQUESTS = HttpHeaders.createOptimized("x-ratelimit-limit-requests");
  private static final CharSequence REMAINING_REQUESTS = HttpHeaders.createOptimized("x-ratelimit-remaining-requests");
  private static final CharSequence RESET_REQUESTS = HttpHeaders.createOptimized("x-ratelimit-reset-requests");
  private static final CharSequence LIMIT_TOKENS = HttpHeaders.createOptimized("x-ratelimit-limit-tokens");
  private static final CharSequence REMAINING_TOKENS = HttpHeaders.createOptimized("x-ratelimit-remaining-tokens");
  private static final CharSequence RESET_TOKENS = HttpHeaders.createOptimized("x-ratelimit-reset-tokens");

  private RateLimitHeaders() {
  }

  /** Puts the key's limit headers; throws the 429 when the request was refused. */
  static void apply(HttpServerResponse response, Principal principal) {
    Admission a = principal.admission();
    if (a == null) {
      return;
    }
    if (a.requestLimit() > 0) {
      response.putHeader(LIMIT_REQUESTS, Long.toString(a.requestLimit()))
        .putHeader(REMAINING_REQUESTS, Long.toString(a.requestsRemaining()))
        .putHeader(RESET_REQUESTS, duration(a.requestsResetMs()));
    }
    if (a.tokenLimit() > 0) {
      response.putHeader(LIMIT_TOKENS, Long.toString(a.tokenLimit()))
        .putHeader(REMAINING_TOKENS, Long.toString(a.tokensRemaining()))
        .putHeader(RESET_TOKENS, duration(a.tokensResetMs()));
    }
    if (!a.admitted()) {
      response.putHeader("retry-after", Long.toString(Math.max(1, (a.retryAfterMs() + 999) / 1000)));
      throw new GatewayException(ErrorKind.RATE_LIMITED, refusal(principal, a));
    }
  }

  /**
   * The upstream's headers a client of this key gets: never the upstream's request id (the client sees the
   * gateway's, which names the usage row), and on a key with limits not the upstream's rate-limit headers. The same
   * map when nothing is dropped.
   */
  static Map<String, String> upstream(Map<String, String> headers, Principal principal) {
    boolean limited = limited(principal);
    if (!limited && !headers.containsKey(REQUEST_ID)) {
      return headers;
    }
    Map<String, String> kept = new HashMap<>(headers.size() * 2);
    forEachKept(headers, limited, kept::put);
    return kept;
  }

  /** Puts {@link #upstream}'s headers on the response, without copying them first. */
  static void putUpstream(HttpServerResponse response, Map<String, String> headers, Principal principal) {
    forEachKept(headers, limited(principal), response::putHeader);
  }

  private static boolean limited(Principal principal) {
    return principal != null && principal.admission() != null && principal.admission().limited();
  }

  private static void forEachKept(Map<String, String> headers, boolean limited, BiConsumer<String, String> to) {
    headers.forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT); // the same string when it is lower case, as the providers send them
      if (!lower.equals(REQUEST_ID) && !(limited && RateLimitReset.isRateLimitHeader(lower))) {
        to.accept(name, value);
      }
    });
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

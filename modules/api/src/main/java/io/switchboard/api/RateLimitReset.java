package io.switchboard.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * When an upstream says a rate limit resets, read from its response headers (lower-case names): {@code retry-after}
 * (seconds or an HTTP date), {@code retry-after-ms}, OpenAI's {@code x-ratelimit-reset-requests/-tokens}
 * ({@code 1s}, {@code 6m0s}, {@code 20ms}) and Anthropic's {@code anthropic-ratelimit-*-reset} (an RFC 3339 time).
 * The longest named wait wins, since every limit that was hit must have reset.
 */
public final class RateLimitReset {
  private RateLimitReset() {
  }

  /** Milliseconds from {@code nowEpochMs} until the upstream's limit resets, or -1 when its headers do not say. */
  /** Whether a (lower-case) header name is one of the upstream's rate-limit headers, OpenAI's or Anthropic's. */
  public static boolean isRateLimitHeader(String lowerName) {
    return lowerName.startsWith("x-ratelimit-") || lowerName.startsWith("anthropic-ratelimit-");
  }

  public static long waitMs(Map<String, String> headers, long nowEpochMs) {
    long wait = -1;
    String retryAfterMs = headers.get("retry-after-ms");
    if (retryAfterMs != null) {
      wait = Math.max(wait, parseLong(retryAfterMs.trim()));
    }
    String retryAfter = headers.get("retry-after");
    if (retryAfter != null) {
      wait = Math.max(wait, retryAfter(retryAfter.trim(), nowEpochMs));
    }
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      if (name.startsWith("x-ratelimit-reset")) {
        wait = Math.max(wait, goDuration(header.getValue().trim()));
      } else if (name.startsWith("anthropic-ratelimit-") && name.endsWith("-reset")) {
        wait = Math.max(wait, untilInstant(header.getValue().trim(), nowEpochMs));
      }
    }
    return wait;
  }

  private static long retryAfter(String value, long now) {
    if (!value.isEmpty() && Character.isDigit(value.charAt(0))) {
      try {
        return Math.round(Double.parseDouble(value) * 1000);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    try {
      return Math.max(0, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() - now);
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  private static long untilInstant(String value, long now) {
    try {
      return Math.max(0, Instant.parse(value).toEpochMilli() - now);
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  /** Go-style durations as OpenAI sends them: {@code 1s}, {@code 6m0s}, {@code 1h2m3.5s}, {@code 20ms}. */
  static long goDuration(String value) {
    if (value.isEmpty()) {
      return -1;
    }
    double total = 0;
    int i = 0;
    while (i < value.length()) {
      int start = i;
      while (i < value.length() && (Character.isDigit(value.charAt(i)) || value.charAt(i) == '.')) {
        i++;
      }
      int unitStart = i;
      while (i < value.length() && Character.isLetter(value.charAt(i))) {
        i++;
      }
      if (start == unitStart) {
        return -1;
      }
      double amount;
      try {
        amount = Double.parseDouble(value.substring(start, unitStart));
      } catch (NumberFormatException e) {
        return -1;
      }
      switch (value.substring(unitStart, i)) {
        case "h" -> total += amount * 3_600_000;
        case "m" -> total += amount * 60_000;
        case "s", "" -> total += amount * 1000;
        case "ms" -> total += amount;
        default -> {
          return -1;
        }
      }
    }
    return Math.round(total);
  }

  private static long parseLong(String value) {
    try {
      return Math.round(Double.parseDouble(value));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** For messages: a wait as whole seconds, rounded up, at least 1. */
  public static long seconds(long waitMs) {
    return Math.max(1, Duration.ofMillis(waitMs).plusMillis(999).toSeconds());
  }
}

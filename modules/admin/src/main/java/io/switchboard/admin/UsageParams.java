package io.switchboard.admin;

import io.switchboard.store.UsageReportStore.Cursor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.function.Function;

/** Reads the usage API's query parameters; a bad one is a 400 naming it. Days are UTC days. */
final class UsageParams {
  /** An inclusive range of UTC days. */
  record Days(LocalDate from, LocalDate to) {
  }

  /** A half-open range of instants, {@code from} inclusive, {@code to} exclusive. */
  record Window(Instant from, Instant to) {
  }

  static final int MAX_DAYS = 366;
  static final int MAX_MONTHS = 60;
  static final long MAX_RECORD_WINDOW_DAYS = 31;
  private final Call call;

  UsageParams(Call call) {
    this.call = call;
  }

  Long id(String name) {
    String value = call.query(name);
    try {
      long id = value == null ? 0 : Long.parseLong(value);
      if (value != null && id < 1) {
        throw AdminError.badField(name, "must be a positive whole number");
      }
      return value == null ? null : id;
    } catch (NumberFormatException e) {
      throw AdminError.badField(name, "must be a whole number");
    }
  }

  /** {@code from}/{@code to} as yyyy-mm-dd; by default the last {@code defaultDays} days up to today. */
  Days days(LocalDate today, int defaultDays) {
    LocalDate to = date("to", today);
    LocalDate from = date("from", to.minusDays(defaultDays - 1L));
    check(from, to, ChronoUnit.DAYS.between(from, to) + 1, MAX_DAYS, "days");
    return new Days(from, to);
  }

  /** {@code from}/{@code to} as yyyy-mm; by default the last 12 months up to this one. */
  Days months(LocalDate today) {
    YearMonth to = month("to", YearMonth.from(today));
    YearMonth from = month("from", to.minusMonths(11));
    check(from.atDay(1), to.atDay(1), ChronoUnit.MONTHS.between(from, to) + 1, MAX_MONTHS, "months");
    return new Days(from.atDay(1), to.atEndOfMonth());
  }

  /** {@code from}/{@code to} as ISO-8601 instants; by default the 7 days up to now; at most 31 days. */
  Window window(Instant now) {
    return window(now, Duration.ofDays(7), Duration.ofDays(MAX_RECORD_WINDOW_DAYS));
  }

  /** {@code from}/{@code to} as ISO-8601 instants; by default {@code fallback} up to now; at most {@code max} days. */
  Window window(Instant now, Duration fallback, Duration max) {
    Instant to = instant("to", now);
    Instant from = instant("from", to.minus(fallback));
    if (!from.isBefore(to)) {
      throw AdminError.badField("from", "must be before to");
    }
    if (Duration.between(from, to).compareTo(max) > 0) {
      throw AdminError.badField("from", "must be at most " + max.toDays() + (max.toDays() == 1 ? " day" : " days")
        + " before to");
    }
    return new Window(from, to);
  }

  /** {@code status}: a status code, {@code ok} (below 400) or {@code error} (400 and above). */
  Integer statusCode() {
    String value = call.query("status");
    if (value == null || value.equals("ok") || value.equals("error")) {
      return null;
    }
    try {
      int code = Integer.parseInt(value);
      if (code < 100 || code > 599) {
        throw AdminError.badField("status", "must be ok, error or a status code");
      }
      return code;
    } catch (NumberFormatException e) {
      throw AdminError.badField("status", "must be ok, error or a status code");
    }
  }

  Boolean failed() {
    String value = call.query("status");
    return "error".equals(value) ? Boolean.TRUE : "ok".equals(value) ? Boolean.FALSE : null;
  }

  int limit(int fallback, int max) {
    String value = call.query("limit");
    try {
      int n = value == null ? fallback : Integer.parseInt(value);
      if (n < 1 || n > max) {
        throw AdminError.badField("limit", "must be between 1 and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw AdminError.badField("limit", "must be a whole number");
    }
  }

  Cursor cursor() {
    String value = call.query("cursor");
    if (value == null) {
      return null;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|", 2);
      return new Cursor(Instant.parse(parts[0]), parts[1]);
    } catch (RuntimeException e) {
      throw AdminError.badField("cursor", "must be a nextCursor this API answered");
    }
  }

  static String cursor(Cursor at) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((at.createdAt() + "|" + at.requestId())
      .getBytes(StandardCharsets.UTF_8));
  }

  private LocalDate date(String name, LocalDate fallback) {
    return parsed(name, fallback, LocalDate::parse, "must be a day such as 2030-01-31");
  }

  private YearMonth month(String name, YearMonth fallback) {
    return parsed(name, fallback, YearMonth::parse, "must be a month such as 2030-01");
  }

  private Instant instant(String name, Instant fallback) {
    return parsed(name, fallback, Instant::parse, "must be an ISO-8601 time such as 2030-01-31T00:00:00Z");
  }

  /** The query parameter parsed, or {@code fallback} when absent; a value that does not parse is a 400 naming it. */
  private <T> T parsed(String name, T fallback, Function<String, T> parse, String expected) {
    String value = call.query(name);
    try {
      return value == null ? fallback : parse.apply(value);
    } catch (DateTimeParseException e) {
      throw AdminError.badField(name, expected);
    }
  }

  private static void check(LocalDate from, LocalDate to, long span, int max, String unit) {
    if (from.isAfter(to)) {
      throw AdminError.badField("from", "must not be after to");
    }
    if (span > max) {
      throw AdminError.badField("from", "must be at most " + max + " " + unit + " before to");
    }
  }
}

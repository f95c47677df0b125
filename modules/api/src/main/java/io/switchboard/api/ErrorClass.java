package io.switchboard.api;

import java.util.List;

/**
 * Why one upstream attempt failed, as outcomes, usage rows, rules and the admin API name it (by {@link #wireName()}).
 * It says what the upstream did; {@link ErrorKind} says what the client is told. A failed {@link ProviderHead} carries
 * both, chosen together where the failure is classified (a 408 is a {@link #SERVER_ERROR} of the account, yet a
 * client sees it as {@link ErrorKind#BAD_REQUEST}), so neither is derived from the other.
 */
public enum ErrorClass {
  /** No connection (refused, reset, closed before an answer). */
  CONNECT("connect"),
  CONNECT_TIMEOUT("connect_timeout"),
  /** No status line within the attempt's time-to-first-byte limit. */
  TTFB_TIMEOUT("ttfb_timeout"),
  /** The upstream fell silent mid-answer. */
  IDLE_TIMEOUT("idle_timeout"),
  /** The whole attempt ran out of time. */
  TOTAL_TIMEOUT("total_timeout"),
  /** 401 or 403: the account's credential was refused. */
  AUTH("auth"),
  /** 429. */
  RATE_LIMITED("rate_limited"),
  /** 529. */
  OVERLOADED("overloaded"),
  /** 5xx (but 529) or 408. */
  SERVER_ERROR("server_error"),
  /** Any other 4xx, or an answer the gateway could not convert. */
  CLIENT_ERROR("client_error"),
  /** A stream that had begun broke off or carried the upstream's error. */
  STREAM_ERROR("stream_error"),
  /** The account's circuit breaker refused the attempt without calling. */
  CIRCUIT_OPEN("circuit_open"),
  /** The provider serving a request stopped answering the ingress (its instance or node went away). */
  PROVIDER_LOST("provider_lost");

  private static final WireNames<ErrorClass> WIRE_NAMES = new WireNames<>(ErrorClass.class, e -> e.wireName,
    "error class");

  private final String wireName;

  ErrorClass(String wireName) {
    this.wireName = wireName;
  }

  /** The name stored in rows and rules and written in JSON. */
  public String wireName() {
    return wireName;
  }

  /** The wire name, so log lines read as the rows do. */
  @Override
  public String toString() {
    return wireName;
  }

  /** Every wire name, in declaration order (for messages that list the known classes). */
  public static List<String> wireNames() {
    return WIRE_NAMES.all();
  }

  /** The class a wire name names; null for null; an unknown name is an {@link IllegalArgumentException}. */
  public static ErrorClass fromWire(String wireName) {
    return WIRE_NAMES.parse(wireName);
  }

  /** The null-safe wire name, for JSON and rows. */
  public static String wireName(ErrorClass errorClass) {
    return errorClass == null ? null : errorClass.wireName;
  }

  /** The class of a non-2xx upstream status. */
  public static ErrorClass ofUpstreamStatus(int status) {
    if (status == 401 || status == 403) {
      return AUTH;
    }
    if (status == 429) {
      return RATE_LIMITED;
    }
    if (status == 529) {
      return OVERLOADED;
    }
    return status >= 500 || status == 408 ? SERVER_ERROR : CLIENT_ERROR;
  }

  /** Worth another try on the same account (after a back-off): no connection, timeouts, 408, 429, 5xx, 529. */
  public boolean sameAccountMayRetry() {
    return switch (this) {
      case CONNECT, CONNECT_TIMEOUT, TTFB_TIMEOUT, IDLE_TIMEOUT, TOTAL_TIMEOUT, SERVER_ERROR, OVERLOADED,
        RATE_LIMITED -> true;
      case AUTH, CLIENT_ERROR, STREAM_ERROR, CIRCUIT_OPEN, PROVIDER_LOST -> false;
    };
  }

  /**
   * Says the account (not the client, not a quota) is unhealthy, so it counts toward opening the account's circuit;
   * rate limits, refused keys and client errors are left to health statuses and the client.
   */
  public boolean countsTowardCircuit() {
    return switch (this) {
      case CONNECT, CONNECT_TIMEOUT, TTFB_TIMEOUT, IDLE_TIMEOUT, TOTAL_TIMEOUT, SERVER_ERROR, OVERLOADED,
        STREAM_ERROR -> true;
      case AUTH, RATE_LIMITED, CLIENT_ERROR, CIRCUIT_OPEN, PROVIDER_LOST -> false;
    };
  }
}

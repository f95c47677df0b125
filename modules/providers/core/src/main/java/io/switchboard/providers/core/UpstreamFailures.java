package io.switchboard.providers.core;

import io.switchboard.api.ErrorClass;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.RateLimitReset;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Turns an upstream failure into the head the ingress acts on: what the client may see, whether another attempt may
 * succeed, and the failure's {@link ErrorClass}. The client's {@link ErrorKind} and the error class are chosen here
 * together, each on its own terms.
 */
final class UpstreamFailures {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UpstreamFailures.class);
  private static final int MAX_ERROR_BODY = 64 * 1024;
  /** The answer to a call on an account whose circuit is not closed: retryable on another account. */
  static final ProviderHead CIRCUIT_OPEN = ProviderHead.failed(503, ErrorKind.UNAVAILABLE,
    "the account's circuit is open", null, true).withErrorClass(ErrorClass.CIRCUIT_OPEN);
  /** The answer to a call on an account switched off or deleted since it was planned. */
  static final ProviderHead ACCOUNT_INACTIVE = ProviderHead.failed(503, ErrorKind.UNAVAILABLE,
    "the account is no longer active", null, true);
  /**
   * The answer to a call whose account could not be read (PostgreSQL failing): no upstream was asked, so no error
   * class; retryable, as another account may be read, or this one a moment later.
   */
  static final ProviderHead ACCOUNT_UNREADABLE = ProviderHead.failed(503, ErrorKind.UNAVAILABLE,
    "the account's settings could not be read", null, true);
  /**
   * The answer to a stream its client left before the upstream answered (the ingress cancelled it): the ingress
   * records the client's leaving, and the upstream did nothing wrong, so no error class.
   */
  static final ProviderHead CANCELLED = ProviderHead.failed(502, ErrorKind.UPSTREAM_ERROR,
    "the client left before the upstream answered", null, false);

  private UpstreamFailures() {
  }

  /** The start of an upstream's error body (at most 64 KiB kept; the rest is read and dropped). */
  static Future<Buffer> errorBody(HttpClientResponse response) {
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (body.length() < MAX_ERROR_BODY) {
        body.appendBuffer(chunk, 0, Math.min(chunk.length(), MAX_ERROR_BODY - body.length()));
      }
    });
    return response.end().map(v -> body);
  }

  /**
   * An upstream answered with a non-2xx status. {@code dialectShaped}: the body has the upstream dialect's own
   * error shape, so a client of that dialect may receive it (scrubbed); {@code upstreamMessage} may come from
   * another shape (Bedrock's). {@code credentialRefused}: the protocol reads the answer as a refused credential
   * (401, 403, Gemini's API_KEY_INVALID). {@code backOff} are the upstream's {@link #backOffHeaders}, passed on to
   * the client.
   */
  static ProviderHead ofStatus(int status, Map<String, String> backOff, Buffer body, String upstreamMessage,
                               boolean dialectShaped, boolean credentialRefused, SecretScrubber scrubber) {
    ErrorClass errorClass = credentialRefused ? ErrorClass.AUTH : ErrorClass.ofUpstreamStatus(status);
    boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500 || credentialRefused;
    if (credentialRefused) {
      // the account's credential was refused: the client did nothing wrong and must not see the upstream's words
      return ProviderHead.failed(502, ErrorKind.UPSTREAM_ERROR, "the upstream account was refused by the provider",
        null, true).withErrorClass(errorClass);
    }
    ErrorKind kind = status == 429 ? ErrorKind.RATE_LIMITED
      : status >= 500 ? ErrorKind.UPSTREAM_ERROR : ErrorKind.BAD_REQUEST;
    if (upstreamMessage != null) {
      String clean = scrubber.scrub(upstreamMessage);
      return ProviderHead.failed(status, backOff, kind, clean,
        dialectShaped ? scrubbedBody(body, clean, scrubber) : null, retryable).withErrorClass(errorClass);
    }
    return ProviderHead.failed(status >= 500 ? 502 : status, backOff, kind,
      "the upstream answered HTTP " + status, null, retryable).withErrorClass(errorClass);
  }

  /** Only what tells a client when to come back: Retry-After and rate-limit headers. */
  static Map<String, String> backOffHeaders(Map<String, String> headers) {
    Map<String, String> kept = new HashMap<>();
    headers.forEach((name, value) -> {
      if (name.equals("retry-after") || name.equals("retry-after-ms") || RateLimitReset.isRateLimitHeader(name)) {
        kept.put(name, value);
      }
    });
    return kept;
  }

  /** A timer of the attempt fired: {@code errorClass} is TTFB_TIMEOUT or TOTAL_TIMEOUT. */
  static ProviderHead ofTimeout(ErrorClass errorClass, long afterMs) {
    String what = errorClass == ErrorClass.TTFB_TIMEOUT ? "did not begin its answer" : "did not finish its answer";
    return ProviderHead.failed(504, ErrorKind.UPSTREAM_TIMEOUT, "the upstream " + what + " within " + afterMs + " ms",
      null, true).withErrorClass(errorClass);
  }

  /** No answer: connect failure, timeout, reset. */
  static ProviderHead ofThrowable(Throwable failure) {
    if (failure instanceof StreamCancelled) {
      return CANCELLED;
    }
    if (failure instanceof GatewayException known) {
      // an answer the gateway could not convert: another account of the same kind would answer alike
      return ProviderHead.failed(known.kind().status(), known.kind(), known.getMessage(), null, false)
        .withErrorClass(ErrorClass.CLIENT_ERROR);
    }
    String name = failure.getClass().getSimpleName();
    if (name.equals("ConnectTimeoutException")) {
      return ProviderHead.failed(504, ErrorKind.UPSTREAM_TIMEOUT, "the upstream did not accept a connection in time",
        null, true).withErrorClass(ErrorClass.CONNECT_TIMEOUT);
    }
    if (failure instanceof TimeoutException || name.contains("Timeout")) {
      return ProviderHead.failed(504, ErrorKind.UPSTREAM_TIMEOUT, "the upstream did not answer in time", null, true)
        .withErrorClass(ErrorClass.IDLE_TIMEOUT);
    }
    if (failure instanceof ConnectException || failure.getCause() instanceof ConnectException) {
      return ProviderHead.failed(502, ErrorKind.UPSTREAM_ERROR, "the upstream could not be reached", null, true)
        .withErrorClass(ErrorClass.CONNECT);
    }
    if (failure instanceof HttpClosedException) {
      return ProviderHead.failed(502, ErrorKind.UPSTREAM_ERROR, "the upstream closed the connection", null, true)
        .withErrorClass(ErrorClass.CONNECT);
    }
    // not a network failure we know: a defect worth seeing (exception messages here carry no credentials)
    LOG.warn("upstream request failed unexpectedly: {}", failure.toString());
    return ProviderHead.failed(502, ErrorKind.UPSTREAM_ERROR, "the upstream request failed", null, true)
      .withErrorClass(ErrorClass.CONNECT);
  }

  /**
   * The upstream's body in its own shape with every string in it scrubbed (its message is the scrubbed one the
   * client is told anyway); null when it is not JSON.
   */
  private static Buffer scrubbedBody(Buffer body, String cleanMessage, SecretScrubber scrubber) {
    try {
      JsonObject json = scrubber.scrub(body.toJsonObject());
      JsonObject error = json.getJsonObject("error");
      if (error != null && error.getValue("message") instanceof String) {
        error.put("message", cleanMessage);
      }
      return json.toBuffer();
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}

package io.switchboard.ingress;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place a failure becomes an HTTP error response in the client's dialect. */
final class ErrorReplies {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorReplies.class);
  private static final String RETRY_AFTER = "retry-after";

  private ErrorReplies() {
  }

  /** A 429 a gateway service answered over the bus: a moment's crowding, to be tried again in a second. */
  private static final class Crowded extends GatewayException {
    Crowded(String message) {
      super(ErrorKind.RATE_LIMITED, message);
    }
  }

  /** The kind and client-safe message a failure stands for. */
  static GatewayException classify(Throwable failure) {
    if (failure instanceof GatewayException known) {
      return known;
    }
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        ErrorKind kind = ErrorKind.ofStatus(reply.failureCode());
        return kind == ErrorKind.RATE_LIMITED ? new Crowded(reply.getMessage())
          : new GatewayException(kind, reply.getMessage());
      }
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "The gateway timed out waiting for an internal service.");
      }
      return new GatewayException(ErrorKind.UNAVAILABLE, "A gateway service is not available right now.");
    }
    LOG.error("unexpected failure", failure);
    return new GatewayException(ErrorKind.INTERNAL, "The gateway failed to handle the request.");
  }

  /** What a failure the router reports stands for: a body over the limit, one that could not be read, or else. */
  static GatewayException ofRouting(RoutingContext ctx, long maxBodyBytes) {
    return switch (ctx.statusCode()) {
      case 413 -> new GatewayException(ErrorKind.BODY_TOO_LARGE,
        "The request body is larger than the " + maxBodyBytes + " bytes this gateway accepts.");
      case 400 -> new GatewayException(ErrorKind.BAD_REQUEST, "The request could not be read.");
      case 417 -> new GatewayException(ErrorKind.BAD_REQUEST, "Only the expectation 100-continue is supported.");
      default -> classify(ctx.failure() == null ? new IllegalStateException("status " + ctx.statusCode())
        : ctx.failure());
    };
  }

  /**
   * Answers {@code failure} in the client's dialect. A 429 a gateway service answered over the bus (too many of an
   * address's keys being checked at once) is a moment's crowding, so it says {@code Retry-After: 1}, and clients that
   * honour it (the OpenAI and Anthropic SDKs) wait that long rather than their own back-off. A 429 the ingress makes
   * itself sets its own time, or none when none is known (every account rate limited for an unknown time).
   */
  static void send(HttpServerResponse response, WireFormat dialect, Throwable failure) {
    GatewayException error = classify(failure);
    if (error instanceof Crowded && !response.headWritten()) {
      response.putHeader(RETRY_AFTER, "1");
    }
    send(response, error.kind().status(), error instanceof PreparedError prepared ? prepared.body()
      : dialect.errorBody(error.kind(), error.getMessage()));
  }

  static void send(HttpServerResponse response, int status, Buffer body) {
    if (response.headWritten() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
  }
}

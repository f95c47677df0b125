package io.switchboard.ingress;

import io.switchboard.api.RequestLog;
import io.vertx.ext.web.RoutingContext;

/**
 * The ids of one client request. {@code requestId} is the gateway's own ({@link RequestIds}): it names the usage row
 * and the request's stream on the bus, so no two requests share it. {@code publicId} is what the client gets back in
 * {@code x-request-id} and what every log line about the request names: the client's own {@code x-request-id} when it
 * sent a fit one, else {@code requestId}.
 */
record RequestIdentity(String requestId, String publicId) {
  static final String HEADER = "x-request-id";
  private static final String KEY = "sb.identity";

  /**
   * The router's first handler, on every route: gives the request its ids, answers the public one in every response
   * (errors included) and binds the request's {@link RequestLog} to its context.
   */
  static RequestIdentity assign(RoutingContext ctx) {
    String own = RequestIds.next(System.currentTimeMillis());
    String client = RequestIds.fromClient(ctx.request().getHeader(HEADER));
    RequestIdentity identity = new RequestIdentity(own, client == null ? own : client);
    ctx.put(KEY, identity);
    ctx.response().putHeader(HEADER, identity.publicId);
    RequestLog.bind(RequestLog.of(identity.publicId));
    return identity;
  }

  /** The request's ids, assigned by the router's first handler (or now, for a route tested on its own). */
  static RequestIdentity of(RoutingContext ctx) {
    RequestIdentity identity = ctx.get(KEY);
    return identity != null ? identity : assign(ctx);
  }

  /** Whether the client named the request itself: the log then also names the usage row's id. */
  boolean clientNamed() {
    return !publicId.equals(requestId);
  }
}

package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.AuthRequest;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Principal;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Finds the client's key in the request and asks the auth role who it belongs to. */
final class ClientKeys {
  private ClientKeys() {
  }

  static Future<Principal> authenticate(EventBus bus, RoutingContext ctx, IngressSettings settings) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      return Future.failedFuture(new GatewayException(ErrorKind.UNAUTHENTICATED,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using "
          + "Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."));
    }
    return bus.<Principal>request(Addresses.AUTH_VERIFY, new AuthRequest(header.substring(7).trim()),
      settings.controlDelivery()).map(Message::body);
  }
}

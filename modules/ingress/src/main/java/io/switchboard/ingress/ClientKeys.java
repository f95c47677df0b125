package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.AuthRequest;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Principal;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.RoutingContext;

/** Finds the client's key where its dialect puts it and asks the auth role who it belongs to. */
final class ClientKeys {
  private ClientKeys() {
  }

  static Future<Principal> authenticate(EventBus bus, ClientApi api, RoutingContext ctx, IngressSettings settings) {
    String key = api.apiKey(ctx);
    if (key == null) {
      return Future.failedFuture(new GatewayException(ErrorKind.UNAUTHENTICATED, api.missingKeyMessage()));
    }
    String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    return bus.<Principal>request(Addresses.AUTH_VERIFY, new AuthRequest(key, address), settings.controlDelivery())
      .map(Message::body);
  }
}

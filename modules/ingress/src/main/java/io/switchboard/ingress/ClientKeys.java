package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.ApiKeys;
import io.switchboard.api.AuthRequest;
import io.switchboard.api.ClientAddress;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Principal;
import io.switchboard.api.SameLoop;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.RoutingContext;

/** Finds the client's key where its dialect puts it and asks the auth role who it belongs to. */
final class ClientKeys {
  private static final String KEY_HASH = "sb.keyHash";
  private static final String CLIENT_ADDRESS = "sb.clientAddress";

  private ClientKeys() {
  }

  static Future<Principal> authenticate(EventBus bus, ClientApi api, RoutingContext ctx, IngressSettings settings) {
    return verify(bus, api, ctx, settings, false, 0);
  }

  /**
   * Authenticates a request and admits it against its key's limits and quota, counting {@code estimatedTokens}
   * against its token limit.
   */
  static Future<Principal> admit(EventBus bus, ClientApi api, RoutingContext ctx, IngressSettings settings,
                                 long estimatedTokens) {
    return verify(bus, api, ctx, settings, true, estimatedTokens);
  }

  private static Future<Principal> verify(EventBus bus, ClientApi api, RoutingContext ctx, IngressSettings settings,
                                          boolean admit, long estimatedTokens) {
    String keyHash = keyHash(api, ctx);
    if (keyHash == null) {
      return Future.failedFuture(new GatewayException(ErrorKind.UNAUTHENTICATED, api.missingKeyMessage()));
    }
    return bus.<Principal>request(SameLoop.address(Addresses.AUTH_VERIFY),
      new AuthRequest(keyHash, admit, estimatedTokens, address(ctx)),
      settings.controlDelivery()).map(Message::body);
  }

  /**
   * The SHA-256 of the key the client presented (null when it presented none), worked out once per request: a
   * modelled route asks for it before the body (is the key good?) and after it (admit it).
   */
  static String keyHash(ClientApi api, RoutingContext ctx) {
    String hash = ctx.get(KEY_HASH);
    if (hash == null) {
      String key = api.apiKey(ctx);
      if (key == null) {
        return null;
      }
      hash = ApiKeys.sha256Hex(key);
      ctx.put(KEY_HASH, hash);
    }
    return hash;
  }

  /**
   * Notes the client's address for the request, when a trusted proxy may have said it ({@link ClientAddress}): the
   * router's first handler, so the header is read once.
   */
  static void noteAddress(RoutingContext ctx, ClientAddress clientAddress) {
    if (clientAddress.trustsAny()) {
      ctx.put(CLIENT_ADDRESS, clientAddress.of(ctx.request()));
    }
  }

  /**
   * The client's address, as IP allow-lists, {@link RecentKeys} and usage rows know it: the one noted, else the
   * peer's (null when Vert.x has none).
   */
  static String address(RoutingContext ctx) {
    String noted = ctx.get(CLIENT_ADDRESS);
    if (noted != null) {
      return noted;
    }
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }
}

package io.switchboard.admin;

import io.switchboard.api.ClientAddress;
import io.switchboard.store.User;
import io.switchboard.store.UserStore;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Admits a request at an operation's access level: public needs nothing; user needs a valid access token of an
 * enabled user whose token version still matches (a password change or disable cuts access at once); admin also
 * needs the admin role.
 */
final class Guard {
  private final AdminTokens tokens;
  private final UserStore users;
  private final ClientAddress clientAddress;

  Guard(AdminTokens tokens, UserStore users, ClientAddress clientAddress) {
    this.tokens = tokens;
    this.users = users;
    this.clientAddress = clientAddress;
  }

  Future<Call> admit(RoutingContext ctx, String access) {
    String ip = clientAddress.of(ctx.request());
    if ("public".equals(access)) {
      return Future.succeededFuture(new Call(ctx, null, ip));
    }
    String header = ctx.request().getHeader("authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(AdminError.unauthorized("sign in: send Authorization: Bearer <access token>"));
    }
    return tokens.verify(header.substring(7).trim())
      .compose(claims -> {
        if (!AdminTokens.ACCESS.equals(claims.type())) {
          return Future.failedFuture(AdminError.unauthorized("invalid or expired token"));
        }
        return holder(claims).compose(user -> {
          if ("admin".equals(access) && !user.admin()) {
            return Future.failedFuture(AdminError.forbidden());
          }
          return Future.succeededFuture(new Call(ctx, user, ip));
        });
      });
  }

  /** The user a token names, while enabled and with the token's version (a password change or disable ends it). */
  Future<User> holder(AdminTokens.Claims claims) {
    return users.find(claims.userId()).compose(user -> user == null || !user.enabled()
      || user.tokenVersion() != claims.tokenVersion()
      ? Future.failedFuture(AdminError.unauthorized("invalid or expired token")) : Future.succeededFuture(user));
  }
}

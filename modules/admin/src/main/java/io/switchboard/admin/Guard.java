package io.switchboard.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Admits a request at an operation's access level: public needs nothing; user needs a valid access token of an
 * enabled user whose token version still matches (a password change or disable cuts access at once); admin also
 * needs the admin role.
 */
final class Guard {
  private final AdminContext admin;

  Guard(AdminContext admin) {
    this.admin = admin;
  }

  Future<Call> admit(RoutingContext ctx, String access) {
    String ip = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    if ("public".equals(access)) {
      return Future.succeededFuture(new Call(ctx, null, ip));
    }
    String header = ctx.request().getHeader("authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(AdminError.unauthorized("sign in: send Authorization: Bearer <access token>"));
    }
    return admin.tokens().verify(header.substring(7).trim())
      .compose(claims -> {
        if (!AdminTokens.ACCESS.equals(claims.type())) {
          return Future.failedFuture(AdminError.unauthorized("invalid or expired token"));
        }
        return admin.tokenHolder(claims).compose(user -> {
          if ("admin".equals(access) && !user.admin()) {
            return Future.failedFuture(AdminError.forbidden());
          }
          return Future.succeededFuture(new Call(ctx, user, ip));
        });
      });
  }
}

package io.switchboard.ingress;

import io.switchboard.api.RequestTraffic;
import io.vertx.ext.web.RoutingContext;

/** What a usage row tells of the exchange itself: its route, the client's address, the bytes both ways. */
final class UsageReport {
  private UsageReport() {
  }

  /** The route, client address and bytes of the exchange so far, with {@code units} priced apart from tokens. */
  static RequestTraffic traffic(RoutingContext ctx, long units) {
    return new RequestTraffic(ctx.request().method().name() + " " + ctx.request().path(), ClientKeys.address(ctx),
      ctx.request().bytesRead(), ctx.response().bytesWritten(), units);
  }
}

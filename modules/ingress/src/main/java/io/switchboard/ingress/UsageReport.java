package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.Admission;
import io.switchboard.api.AdmissionRelease;
import io.switchboard.api.Principal;
import io.switchboard.api.RequestTraffic;
import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.vertx.core.eventbus.EventBus;
import io.vertx.ext.web.RoutingContext;

/** A finished request's usage row, and the release of what its admission held. */
final class UsageReport {
  private UsageReport() {
  }

  /** Sends the row and frees the request's concurrency slot, reconciling its token estimate with what it used. */
  static void send(EventBus bus, Principal principal, UsageRecord record) {
    bus.send(Addresses.USAGE_RECORD, record);
    Admission admission = principal.admission();
    if (admission != null && admission.admitted() && (admission.slot() != null || admission.admittedTokens() > 0)) {
      Usage used = record.usage();
      bus.send(Addresses.AUTH_RELEASE, new AdmissionRelease(principal.keyId(), admission.slot(),
        admission.admittedTokens(), used.inputTokens() + used.outputTokens()));
    }
  }

  /** The route, client address and bytes of the exchange so far, with {@code units} priced apart from tokens. */
  static RequestTraffic traffic(RoutingContext ctx, long units) {
    String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    return new RequestTraffic(ctx.request().method().name() + " " + ctx.request().path(), address,
      ctx.request().bytesRead(), ctx.response().bytesWritten(), units);
  }
}

package io.switchboard.ingress;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Principal;
import io.switchboard.api.ProviderKind;
import io.switchboard.api.RateLimitReset;
import io.switchboard.api.RoutePlan;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/** Why a request gets no account: its key may not reach the kinds it needs, or no account can serve it now. */
final class PlanRefusals {
  private PlanRefusals() {
  }

  /** The provider kinds a request needing {@code needed} (empty: any) may reach with this key; empty means any. */
  static List<ProviderKind> reachableKinds(List<ProviderKind> needed, Principal principal) {
    List<ProviderKind> keyKinds = principal.allowedProviders();
    if (keyKinds.isEmpty()) {
      return needed;
    }
    List<ProviderKind> reachable = needed.isEmpty() ? keyKinds : needed.stream().filter(keyKinds::contains).toList();
    if (reachable.isEmpty()) {
      throw new GatewayException(ErrorKind.FORBIDDEN, "This API key is not allowed to use the providers this request needs.");
    }
    return reachable;
  }

  /**
   * An empty plan: every account serving {@code what} is rate limited (429 and when), or otherwise unavailable
   * (503), else {@code notFound}.
   */
  static GatewayException of(RoutePlan plan, HttpServerResponse response, String what, GatewayException notFound) {
    if (RoutePlan.ALL_RATE_LIMITED.equals(plan.unavailable())) {
      String when = "";
      if (plan.retryAfterMs() >= 0) {
        long seconds = RateLimitReset.seconds(plan.retryAfterMs());
        response.putHeader("retry-after", String.valueOf(seconds));
        when = " Retry after " + seconds + " s.";
      }
      return new GatewayException(ErrorKind.RATE_LIMITED,
        "Every upstream account serving " + what + " is rate limited." + when);
    }
    if (RoutePlan.ALL_UNAVAILABLE.equals(plan.unavailable())) {
      if (plan.retryAfterMs() >= 0) {
        response.putHeader("retry-after", String.valueOf(RateLimitReset.seconds(plan.retryAfterMs())));
      }
      return new GatewayException(ErrorKind.UNAVAILABLE,
        "No upstream account serving " + what + " is available right now (overloaded, refused or circuit open).");
    }
    return notFound;
  }
}

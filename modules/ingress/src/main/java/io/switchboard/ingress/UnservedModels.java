package io.switchboard.ingress;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.RateLimitReset;
import io.switchboard.api.RoutePlan;
import io.vertx.core.http.HttpServerResponse;

/** Why a plan has no candidate for a model: unknown (404), every account rate limited (429) or unavailable (503). */
final class UnservedModels {
  private UnservedModels() {
  }

  /** The refusal to answer; a known wait goes out as {@code retry-after} on {@code response}. */
  static GatewayException refusal(RoutePlan plan, String model, HttpServerResponse response) {
    if (RoutePlan.ALL_RATE_LIMITED.equals(plan.unavailable())) {
      String when = "";
      if (plan.retryAfterMs() >= 0) {
        long seconds = RateLimitReset.seconds(plan.retryAfterMs());
        response.putHeader("retry-after", String.valueOf(seconds));
        when = " Retry after " + seconds + " s.";
      }
      return new GatewayException(ErrorKind.RATE_LIMITED,
        "Every upstream account serving `" + model + "` is rate limited." + when);
    }
    if (RoutePlan.ALL_UNAVAILABLE.equals(plan.unavailable())) {
      if (plan.retryAfterMs() >= 0) {
        response.putHeader("retry-after", String.valueOf(RateLimitReset.seconds(plan.retryAfterMs())));
      }
      return new GatewayException(ErrorKind.UNAVAILABLE,
        "No upstream account serving `" + model + "` is available right now (overloaded, refused or circuit open).");
    }
    return new GatewayException(ErrorKind.MODEL_NOT_FOUND,
      "The model `" + model + "` does not exist or you do not have access to it.");
  }
}

package io.switchboard.cron;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/** Posts a JSON body to an operator's webhook, retrying a failed delivery with growing pauses. */
final class Webhook {
  private final Vertx vertx;
  private final HttpClient client;
  private final String url;
  private final int attempts;
  private final long firstPauseMs;

  Webhook(Vertx vertx, HttpClient client, String url, int attempts, long firstPauseMs) {
    this.vertx = vertx;
    this.client = client;
    this.url = url;
    this.attempts = attempts;
    this.firstPauseMs = firstPauseMs;
  }

  /** Delivered when the receiver answers 2xx; fails after the last attempt, naming the last answer. */
  Future<Void> post(JsonObject body) {
    return attempt(body, 1, firstPauseMs);
  }

  private Future<Void> attempt(JsonObject body, int attempt, long pauseMs) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
      .putHeader("content-type", "application/json").setTimeout(10_000);
    Future<Void> delivery = client.request(options)
      .compose(request -> request.send(body.toBuffer()))
      .compose(response -> response.body().compose(ignored -> response.statusCode() / 100 == 2
        ? Future.<Void>succeededFuture()
        : Future.failedFuture("the webhook answered HTTP " + response.statusCode())));
    if (attempt >= attempts) {
      return delivery.recover(failure -> Future.failedFuture("webhook not delivered after " + attempts
        + " attempts: " + failure.getMessage()));
    }
    return delivery.recover(failure -> vertx.timer(pauseMs).compose(t -> attempt(body, attempt + 1, pauseMs * 2)));
  }
}

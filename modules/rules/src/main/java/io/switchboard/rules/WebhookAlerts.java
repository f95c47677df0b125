package io.switchboard.rules;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert webhooks: a JSON POST, retried after a connection failure, a timeout, a 429 or a 5xx with
 * back-off doubling from {@code backoffMs}, at most {@code retries} times. Only the URL's host is ever logged (a
 * webhook URL often carries a token in its path or query).
 */
final class WebhookAlerts {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookAlerts.class);
  private final Vertx vertx;
  private final HttpClientAgent client;
  private final int retries;
  private final long backoffMs;
  private final long timeoutMs;

  WebhookAlerts(Vertx vertx, int retries, long backoffMs, long timeoutMs) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    this.retries = retries;
    this.backoffMs = backoffMs;
    this.timeoutMs = timeoutMs;
  }

  /** Posts the alert; completes with the status of the last attempt, or fails when no attempt got an answer. */
  Future<Integer> send(String url, JsonObject alert) {
    Promise<Integer> done = Promise.promise();
    attempt(url, alert, 0, done);
    return done.future();
  }

  Future<Void> close() {
    return client.close();
  }

  private void attempt(String url, JsonObject alert, int attempt, Promise<Integer> done) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
      .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs).putHeader("content-type", "application/json");
    client.request(options)
      .compose(request -> request.send(alert.toBuffer()))
      .compose(response -> response.body().map(ignored -> response.statusCode()))
      .onComplete(result -> {
        boolean retryable = result.failed() || result.result() == 429 || result.result() >= 500;
        if (!retryable) {
          if (result.result() >= 300) {
            LOG.warn("alert webhook to {} refused with status {}", host(url), result.result());
          }
          done.complete(result.result());
        } else if (attempt >= retries) {
          String why = result.failed() ? result.cause().getClass().getSimpleName() : "status " + result.result();
          LOG.error("alert webhook to {} not delivered after {} attempts ({})", host(url), attempt + 1, why);
          if (result.failed()) {
            done.fail("alert webhook to " + host(url) + " not delivered: " + why);
          } else {
            done.complete(result.result());
          }
        } else {
          vertx.setTimer(backoffMs << Math.min(attempt, 16), id -> attempt(url, alert, attempt + 1, done));
        }
      });
  }

  private static String host(String url) {
    try {
      return URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return "(bad url)";
    }
  }
}

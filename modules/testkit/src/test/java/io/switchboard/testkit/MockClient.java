package io.switchboard.testkit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * A real Vert.x HTTP client pointed at one {@link MockUpstream}, for the testkit's own tests. Every exchange runs on
 * one event-loop context: begun from the test thread, a response could arrive before its handlers were set, and its
 * body would be lost.
 */
final class MockClient {

  private final HttpClient client;
  private final MockUpstream mock;
  private final Context context;

  MockClient(Vertx vertx, MockUpstream mock) {
    this.client = vertx.createHttpClient();
    this.mock = mock;
    this.context = vertx.getOrCreateContext();
  }

  /** Runs {@code exchange} on the client's context and hands its outcome to any thread. */
  <T> Future<T> onLoop(Supplier<Future<T>> exchange) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> exchange.get().onComplete(promise));
    return promise.future();
  }

  RequestOptions options(HttpMethod method, String uri) {
    return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(mock.port()).setURI(uri)
        .putHeader("content-type", "application/json");
  }

  /** Sends and returns the response before its body is read; call it inside {@link #onLoop}. */
  Future<HttpClientResponse> open(RequestOptions options, String body) {
    return client.request(options).compose(req -> req.send(body));
  }

  Future<Reply> send(RequestOptions options, String body) {
    return onLoop(() -> open(options, body).compose(resp -> resp.body()
        .map(b -> new Reply(resp.statusCode(), MultiMap.caseInsensitiveMultiMap().addAll(resp.headers()), b))));
  }

  Future<Reply> post(String uri, String body) {
    return send(options(HttpMethod.POST, uri), body);
  }

  Future<Reply> get(String uri) {
    return send(options(HttpMethod.GET, uri), "");
  }

  /** Everything received before the mock cut the connection; fails the test if the response ended normally. */
  Future<Buffer> cutShort(String uri, String body) {
    Buffer received = Buffer.buffer();
    return onLoop(() -> open(options(HttpMethod.POST, uri), body)
        .compose(resp -> {
          resp.handler(received::appendBuffer);
          return resp.end();
        }))
        .transform(ar -> ar.succeeded()
            ? Future.failedFuture(new AssertionError("the stream ended normally: " + received))
            : Future.succeededFuture(received));
  }

  /** One response as received. */
  record Reply(int status, MultiMap headers, Buffer body) {

    String text() {
      return body.toString();
    }

    JsonObject json() {
      return body.toJsonObject();
    }

    String contentType() {
      return headers.get("content-type");
    }
  }
}

package io.switchboard.app;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The requests of the start's warm-up ({@link Warmup}): {@value #LOOPS} clients in parallel, each sending the next of
 * {@link #kinds} as soon as its last answer has been read, until stopped. Every kind's answers are counted.
 */
final class WarmupTraffic {
  static final int LOOPS = 16;

  /** One kind of request: how it is sent, and how many answered 200 and how many did not. */
  static final class Kind {
    final String name;
    final RequestOptions request;
    final Buffer body;
    int answered;
    int failed;
    String firstFailure;

    Kind(String name, RequestOptions request, JsonObject body) {
      this.name = name;
      this.request = request;
      this.body = body.toBuffer();
    }
  }

  private final HttpClient client;
  private final List<Kind> kinds;
  /** The kinds in the order they are sent, OpenAI's own twice as often as the others. */
  private final List<Kind> order;
  private final Promise<List<Kind>> done = Promise.promise();
  private volatile boolean stopping;
  private int running;
  private int next;

  private WarmupTraffic(HttpClient client, List<Kind> kinds) {
    this.client = client;
    this.kinds = kinds;
    this.order = List.of(kinds.get(0), kinds.get(1), kinds.get(2), kinds.get(3), kinds.get(0), kinds.get(1),
      kinds.get(4), kinds.get(5));
  }

  /** Starts sending the kinds to the gateway at {@code port} with {@code key}, until {@link #stop}. */
  static WarmupTraffic start(Vertx vertx, int port, String key, String openAiModel, String anthropicModel) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(port), new PoolOptions().setHttp1MaxSize(LOOPS));
    WarmupTraffic traffic = new WarmupTraffic(client, kinds(key, openAiModel, anthropicModel));
    vertx.runOnContext(start -> {
      traffic.running = LOOPS;
      for (int i = 0; i < LOOPS; i++) {
        traffic.send();
      }
    });
    return traffic;
  }

  /** Sends no more; {@link #done} completes once the answers under way are in. */
  void stop() {
    stopping = true;
  }

  /** The kinds with their counts, once every client's last answer is in after {@link #stop}. */
  Future<List<Kind>> done() {
    return done.future().eventually(client::close);
  }

  /**
   * OpenAI's and Anthropic's clients, answered whole and streamed by an upstream of their own dialect, and streamed
   * by one of the other.
   */
  static List<Kind> kinds(String key, String openAiModel, String anthropicModel) {
    return List.of(
      openAi("openai", key, openAiModel, false), openAi("openai stream", key, openAiModel, true),
      anthropic("anthropic", key, anthropicModel, false), anthropic("anthropic stream", key, anthropicModel, true),
      anthropic("anthropic to openai stream", key, openAiModel, true),
      openAi("openai to anthropic stream", key, anthropicModel, true));
  }

  private static Kind openAi(String name, String key, String model, boolean stream) {
    JsonObject body = new JsonObject().put("model", model).put("stream", stream).put("max_tokens", 64)
      .put("messages", new JsonArray().add(message("system", "You answer in few words."))
        .add(message("user", "Say hello.")));
    return new Kind(name, post("/v1/chat/completions").putHeader("authorization", "Bearer " + key), body);
  }

  private static Kind anthropic(String name, String key, String model, boolean stream) {
    JsonObject body = new JsonObject().put("model", model).put("stream", stream).put("max_tokens", 64)
      .put("system", "You answer in few words.").put("messages", new JsonArray().add(message("user", "Say hello.")));
    return new Kind(name, post("/v1/messages").putHeader("x-api-key", key).putHeader("anthropic-version",
      "2023-06-01"), body);
  }

  private static JsonObject message(String role, String content) {
    return new JsonObject().put("role", role).put("content", content);
  }

  private static RequestOptions post(String path) {
    return new RequestOptions().setMethod(HttpMethod.POST).setURI(path).putHeader("content-type", "application/json");
  }

  /** Sends the next kind, or ends this client when the time is up. */
  private void send() {
    if (stopping) {
      if (--running == 0) {
        done.complete(kinds);
      }
      return;
    }
    Kind kind = order.get(next++ % order.size());
    client.request(kind.request)
      .compose(request -> request.send(kind.body))
      .compose(response -> response.body().map(body -> response.statusCode() == 200 ? null
        : response.statusCode() + " " + body.toString()))
      .otherwise(Throwable::toString)
      .onComplete(outcome -> {
        String failure = outcome.result();
        if (failure == null) {
          kind.answered++;
        } else {
          kind.failed++;
          if (kind.firstFailure == null) {
            kind.firstFailure = failure;
          }
        }
        send();
      });
  }
}

package io.switchboard.admin;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The console's playground: sends a request through the gateway's client port with a client key the user typed,
 * and relays the answer as it arrives, chunk by chunk, with backpressure. The console cannot call the client port
 * itself (another origin, which its Content-Security-Policy and CORS would both refuse), so it calls this on its
 * own origin. The key travels in {@code x-playground-key}, goes out in the dialect's own header, and is never
 * stored or logged.
 */
final class PlaygroundProxy {
  static final String KEY_HEADER = "x-playground-key";
  private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "transfer-encoding",
    "content-length", "upgrade", "proxy-connection", "te", "trailer", "content-encoding");
  private final URI clientUrl;
  private final HttpClient client;

  PlaygroundProxy(Vertx vertx, URI clientUrl) {
    this.clientUrl = clientUrl;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setIdleTimeout(310)
      .setSsl("https".equals(clientUrl.getScheme())));
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("playgroundSend", this::send);
    ops.put("playgroundModels", this::models);
  }

  Future<Void> close() {
    return client.close();
  }

  /** POST the body to the dialect's chat route (Responses: /v1/responses); Gemini names the model in its path. */
  private Future<Answer> send(Call call) {
    String dialect = call.param("dialect");
    String path = switch (dialect) {
      case "openai" -> "/v1/chat/completions";
      case "responses" -> "/v1/responses";
      case "anthropic" -> "/v1/messages";
      case "gemini" -> {
        String model = call.query("model");
        if (model == null) {
          throw AdminError.badField("model", "is required for Gemini");
        }
        yield "/v1beta/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8)
          + ("false".equals(call.query("stream")) ? ":generateContent" : ":streamGenerateContent?alt=sse");
      }
      default -> throw AdminError.badField("dialect", "must be openai, responses, anthropic or gemini");
    };
    Buffer body = call.ctx().body() == null ? null : call.ctx().body().buffer();
    if (body == null || body.length() == 0) {
      throw AdminError.badField("body", "is required: the request in the dialect's format");
    }
    return relay(call, request(call, dialect, HttpMethod.POST, path).putHeader("content-type", "application/json"),
      body);
  }

  /** The models the key may use, in the dialect's own list shape. */
  private Future<Answer> models(Call call) {
    String dialect = call.param("dialect");
    if (!Set.of("openai", "responses", "anthropic", "gemini").contains(dialect)) {
      throw AdminError.badField("dialect", "must be openai, responses, anthropic or gemini");
    }
    return relay(call, request(call, dialect, HttpMethod.GET, "gemini".equals(dialect) ? "/v1beta/models"
      : "/v1/models"), null);
  }

  private RequestOptions request(Call call, String dialect, HttpMethod method, String path) {
    String key = call.ctx().request().getHeader(KEY_HEADER);
    if (key == null || key.isBlank()) {
      throw AdminError.badField(KEY_HEADER, "is required: the client key to send with");
    }
    int port = clientUrl.getPort() > 0 ? clientUrl.getPort() : "https".equals(clientUrl.getScheme()) ? 443 : 80;
    String base = clientUrl.getRawPath() == null ? "" : clientUrl.getRawPath().replaceAll("/+$", "");
    RequestOptions options = new RequestOptions().setMethod(method).setHost(clientUrl.getHost()).setPort(port)
      .setURI(base + path);
    if (call.ip() != null) { // the console user's address, believed by a client port that lists this node as a proxy
      options.putHeader("x-forwarded-for", call.ip());
    }
    return switch (dialect) {
      case "anthropic" -> options.putHeader("x-api-key", key.trim()).putHeader("anthropic-version", "2023-06-01");
      case "gemini" -> options.putHeader("x-goog-api-key", key.trim());
      default -> options.putHeader("authorization", "Bearer " + key.trim());
    };
  }

  /**
   * Writes the client port's status, headers and body to the console as they arrive. The operation ends when the
   * body has (its answer is then already sent); a console that goes away resets the request to the client port.
   */
  private Future<Answer> relay(Call call, RequestOptions options, Buffer body) {
    HttpServerResponse out = call.ctx().response();
    Promise<Answer> done = Promise.promise();
    client.request(options).onComplete(opened -> {
      if (opened.failed()) {
        done.fail(unreachable());
        return;
      }
      HttpClientRequest request = opened.result();
      out.closeHandler(v -> request.reset());
      (body == null ? request.send() : request.send(body)).onComplete(answered -> {
        if (answered.failed()) {
          done.fail(unreachable());
        } else {
          stream(answered.result(), out, done);
        }
      });
    });
    return done.future();
  }

  private static void stream(HttpClientResponse in, HttpServerResponse out, Promise<Answer> done) {
    out.setStatusCode(in.statusCode()).setChunked(true);
    in.headers().forEach((name, value) -> {
      if (!NOT_RELAYED.contains(name.toLowerCase())) {
        out.headers().add(name, value);
      }
    });
    // never compressed: a deflater could hold back the tokens the console shows as they arrive
    out.putHeader("content-encoding", "identity").putHeader("cache-control", "no-store");
    in.handler(chunk -> {
      out.write(chunk);
      if (out.writeQueueFull()) {
        in.pause();
        out.drainHandler(v -> in.resume());
      }
    });
    in.exceptionHandler(failure -> {
      if (!out.ended()) {
        out.end();
      }
      done.tryComplete();
    });
    in.endHandler(v -> out.end().onComplete(ended -> done.tryComplete()));
  }

  private static AdminError unreachable() {
    return new AdminError(502, "the gateway's client port did not answer", null, null);
  }
}

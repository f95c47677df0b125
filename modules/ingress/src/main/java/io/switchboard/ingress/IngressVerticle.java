package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.ConnectionBounds;
import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.InFlight;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.ModelList;
import io.switchboard.api.ModelListRequest;
import io.switchboard.api.Readiness;
import io.switchboard.dialects.openai.OpenAiErrors;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.concurrent.TimeUnit;

/**
 * The client-facing HTTP server: OpenAI (Chat Completions and Responses), Anthropic and Gemini routes, pass-through
 * routes for everything else ({@link PassThroughRoute}), health and metrics. Talks to every other
 * role over the bus; answers errors in the dialect of the route.
 */
public class IngressVerticle extends VerticleBase {
  /** Concurrent streams one cleartext HTTP/2 connection may open (when {@code http.h2c} is on). */
  private static final long H2C_MAX_STREAMS = 100;
  private final ClientApi openai = new OpenAiClientApi();
  private final ClientApi anthropic = new AnthropicClientApi();
  private final ClientApi gemini = new GeminiClientApi();
  private final ClientApi responses = new ResponsesClientApi(openai);
  private final InFlight inFlight = new InFlight();
  private IngressSettings settings;
  private CallWatch watch;
  private AccessLog accessLog;
  /** Keys found good moments ago, shared by this instance's routes ({@link RecentKeys}). */
  private final RecentKeys recentKeys = new RecentKeys(2_000);
  private HttpServer server;

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    try {
      settings = IngressSettings.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    StreamBuffering.register();
    RequestMetrics.register();
    inFlight.countFor(vertx, deploymentID()); // what the deployment agent reports as this deployment's inFlight
    watch = new CallWatch(vertx, settings.controlTimeoutMs());
    accessLog = new AccessLog(settings.accessLog());
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      RequestIdentity.assign(ctx);
      ClientKeys.noteAddress(ctx, settings.clientAddress());
      accessLog.watch(ctx);
      ctx.next();
    });
    router.get("/healthz").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(this::readiness);
    router.get("/metrics").handler(this::metrics);
    // the client API calls first: Vert.x Web matches a route's path before its method, and a path with a parameter
    // is a regular expression run on every request that reaches it
    BodyHandler body = BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes());
    upstreamCall(router, "/v1/chat/completions", body, openai);
    upstreamCall(router, "/v1/responses", body, responses);
    upstreamCall(router, "/v1/messages", body, anthropic);
    upstreamCall(router, "/v1/messages/count_tokens", body, new AnthropicCountTokensApi(anthropic));
    upstreamCall(router, "/v1/embeddings", body, new OpenAiEmbeddingsApi(openai));
    upstreamCall(router, "/v1beta/models/:modelAction", body, gemini);
    router.get("/v1/models").handler(ctx -> models(ctx, isAnthropic(ctx.request()) ? anthropic : openai));
    router.get("/v1beta/models").handler(ctx -> models(ctx, gemini));
    router.get("/v1/models/:model").handler(ctx -> model(ctx, isAnthropic(ctx.request()) ? anthropic : openai));
    router.get("/v1beta/models/:model").handler(ctx -> model(ctx, gemini));
    router.get("/v1/responses").handler(IngressVerticle::noResponsesWebSocket);
    StoredResponsesRoutes stored = new StoredResponsesRoutes(vertx.eventBus(), settings, responses);
    router.get("/v1/responses/:id").handler(stored::get);
    router.delete("/v1/responses/:id").handler(stored::delete);
    router.get("/v1/responses/:id/input_items").handler(stored::inputItems);
    PassThroughRoute proxy = PassThroughRoute.proxy(vertx, settings, inFlight, watch);
    router.route("/proxy/:target/*").handler(proxy::handle);
    PassThroughRoute openAiDirect = PassThroughRoute.openAi(vertx, settings, inFlight, watch);
    PassThroughRoute.OPENAI_ROUTES.forEach(path -> router.route(path).handler(openAiDirect::handle));
    // Codex CLI's remote compaction (its built-in OpenAI provider, or OPENAI_BASE_URL): OpenAI's own, passed through
    router.post(PassThroughRoute.RESPONSES_COMPACT).handler(openAiDirect::handle);
    router.route().last().handler(ctx -> ErrorReplies.send(ctx.response(), 404, unknownUrl(ctx)));
    router.route().failureHandler(this::routingFailure);
    ConnectionBounds bounds = new ConnectionBounds(vertx, settings.limits().connections(), "ingress");
    HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
      .setTcpNoDelay(true).setReuseAddress(true).setHttp2ClearTextEnabled(settings.limits().h2c())
      // no WebSocket is served here (the Responses one is answered 426): without compression to offer, Netty's
      // WebSocket extension handler stays out of every connection, where it looked at each request and response
      .setPerFrameWebSocketCompressionSupported(false).setPerMessageWebSocketCompressionSupported(false)
      .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(H2C_MAX_STREAMS));
    if (settings.limits().h2c()) {
      // Vert.x hands an h2c connection over only with its first head: until then, one that reads nothing for the head
      // timeout is closed (ConnectionBounds takes this timer off once it has the connection)
      options.setReadIdleTimeout((int) settings.limits().headTimeoutMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    server = vertx.createHttpServer(options)
      .connectionHandler(bounds::accept)
      .invalidRequestHandler(this::invalidRequest);
    Future<Void> keysChanged = vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, changed -> {
      String entity = changed.body().entity();
      if (ConfigChanged.API_KEY.equals(entity) || ConfigChanged.USER.equals(entity)) {
        recentKeys.clear();
      }
    }).completion();
    return Future.join(watch.start(), keysChanged).compose(v -> server.requestHandler(bounds.around(router)).listen()
      .recover(failure -> Future.failedFuture("http.port " + settings.port() + " on " + settings.host()
        + " could not be opened: " + failure.getMessage())));
  }

  /**
   * A route of one client API: the key is checked from the head alone, then the body is read, then the request
   * handled; a failure on the way is answered in the route's dialect.
   */
  private void upstreamCall(Router router, String path, BodyHandler body, ClientApi api) {
    UpstreamCallRoute route = new UpstreamCallRoute(vertx, settings, api, inFlight, watch, path, accessLog,
      recentKeys);
    // Vert.x Web orders a route's handlers by kind: one that runs before the body handler is a security policy
    router.post(path).handler((SecurityPolicyHandler) route::authenticate).handler(body).handler(route::handle)
      .failureHandler(route::failed);
  }

  /**
   * Stops accepting at once; requests and streams in flight have {@code shutdown.drainSeconds} to finish, then the
   * rest are ended in their client's dialect (an in-band error in a stream) and recorded; then the server closes.
   */
  @Override
  public Future<?> stop() {
    long graceMs = settings.controlTimeoutMs() + 1000; // ending a stream asks its provider what it had counted
    Future<Void> closed = server.shutdown(settings.drainMs() + graceMs + 1000, TimeUnit.MILLISECONDS);
    return Future.join(inFlight.drain(vertx, settings.drainMs(), graceMs), closed);
  }

  /** Anthropic's SDK marks its calls with anthropic-version and sends its key in x-api-key. */
  private static boolean isAnthropic(HttpServerRequest request) {
    return request.getHeader("anthropic-version") != null || request.getHeader("x-api-key") != null;
  }

  private ClientApi apiOf(HttpServerRequest request) {
    String path = request.path() == null ? "" : request.path();
    if (path.startsWith("/v1beta/")) {
      return gemini;
    }
    return path.startsWith("/v1/messages") || isAnthropic(request) ? anthropic : openai;
  }

  /**
   * A request HTTP itself could not read (a line or headers over the limits, a malformed or conflicting head): 414,
   * 431 or 400 in the dialect its path names; the server then closes the connection.
   */
  private void invalidRequest(HttpServerRequest request) {
    GatewayMetrics.refused("invalid_request");
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431
      : 400;
    String message = switch (status) {
      case 414 -> "The request line is longer than this gateway accepts.";
      case 431 -> "The request headers are larger than this gateway accepts.";
      default -> "The request is not valid HTTP.";
    };
    request.response().putHeader(HttpHeaders.CONNECTION, "close")
      .putHeader(RequestIdentity.HEADER, RequestIds.next(System.currentTimeMillis()));
    ErrorReplies.send(request.response(), status, apiOf(request).format().errorBody(ErrorKind.BAD_REQUEST, message));
  }

  private void models(RoutingContext ctx, ClientApi api) {
    allowedModels(ctx, api)
      .onSuccess(models -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(ModelLists.render(api.dialect(), models)))
      .onFailure(failure -> ErrorReplies.send(ctx.response(), api.format(), failure));
  }

  /** One model (the SDKs' retrieve/get): known only when this key may use it and some account serves it. */
  private void model(RoutingContext ctx, ClientApi api) {
    String model = ctx.pathParam("model").replaceFirst("^models/", "");
    allowedModels(ctx, api)
      .onSuccess(models -> {
        if (models.contains(model)) {
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(ModelLists.one(api.dialect(), model));
        } else {
          ErrorReplies.send(ctx.response(), api.format(), new GatewayException(ErrorKind.MODEL_NOT_FOUND,
            "The model `" + model + "` does not exist or you do not have access to it."));
        }
      })
      .onFailure(failure -> ErrorReplies.send(ctx.response(), api.format(), failure));
  }

  private Future<java.util.List<String>> allowedModels(RoutingContext ctx, ClientApi api) {
    return ClientKeys.authenticate(vertx.eventBus(), api, ctx, settings)
      .compose(principal -> vertx.eventBus().<ModelList>request(Addresses.ROUTE_MODELS, new ModelListRequest(null),
          settings.controlDelivery())
        .map(reply -> reply.body().models().stream().filter(principal::allows).toList()));
  }

  /** This node's readiness ({@link Readiness}): 200 with the checks, or 503 naming the failing ones. */
  private void readiness(RoutingContext ctx) {
    Readiness.ask(vertx.eventBus(), settings.controlTimeoutMs()).onSuccess(readiness -> ctx.response()
      .setStatusCode(readiness.httpStatus()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(readiness.toJson().toBuffer()));
  }

  private void metrics(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
      .end(GatewayMetrics.prometheus().scrape());
  }

  /**
   * The Responses API over a WebSocket (Codex CLI's built-in OpenAI provider tries it first) is not served: a 426
   * tells such a client at once to use HTTP (answered 404, Codex retried five times over some 6 s first).
   */
  private static void noResponsesWebSocket(RoutingContext ctx) {
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
      ctx.next();
      return;
    }
    ErrorReplies.send(ctx.response(), 426, OpenAiErrors.body(ErrorKind.BAD_REQUEST,
      "The Responses API is served over HTTP here, not over a WebSocket: POST /v1/responses."));
  }

  private io.vertx.core.buffer.Buffer unknownUrl(RoutingContext ctx) {
    String message = "Unknown request URL: " + ctx.request().method() + " " + ctx.request().path()
      + ". Please check the URL for typos.";
    ClientApi api = apiOf(ctx.request());
    if (api.dialect() == Dialect.OPENAI || api.dialect() == Dialect.RESPONSES) {
      return OpenAiErrors.body(ErrorKind.BAD_REQUEST, message);
    }
    return api.format().errorBody(ErrorKind.MODEL_NOT_FOUND, message);
  }

  private void routingFailure(RoutingContext ctx) {
    ErrorReplies.send(ctx.response(), apiOf(ctx.request()).format(), ErrorReplies.ofRouting(ctx, settings.maxBodyBytes()));
  }
}

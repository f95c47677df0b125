package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.ModelList;
import io.switchboard.api.ModelListRequest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The client-facing HTTP server: OpenAI, Anthropic and Gemini routes, pass-through routes for everything else
 * ({@link PassThroughRoute}), health and metrics. Talks to every other
 * role over the bus; answers errors in the dialect of the route.
 */
public class IngressVerticle extends VerticleBase {
  private final ClientApi openai = new OpenAiClientApi();
  private final ClientApi anthropic = new AnthropicClientApi();
  private final ClientApi gemini = new GeminiClientApi();
  private IngressSettings settings;
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
    Router router = Router.router(vertx);
    router.get("/healthz").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
    router.get("/metrics").handler(this::metrics);
    router.get("/v1/models").handler(ctx -> models(ctx, isAnthropic(ctx) ? anthropic : openai));
    router.get("/v1beta/models").handler(ctx -> models(ctx, gemini));
    router.get("/v1/models/:model").handler(ctx -> model(ctx, isAnthropic(ctx) ? anthropic : openai));
    router.get("/v1beta/models/:model").handler(ctx -> model(ctx, gemini));
    BodyHandler body = BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes());
    router.post("/v1/chat/completions").handler(body).handler(new UpstreamCallRoute(vertx, settings, openai)::handle);
    router.post("/v1/messages").handler(body).handler(new UpstreamCallRoute(vertx, settings, anthropic)::handle);
    router.post("/v1/messages/count_tokens").handler(body)
      .handler(new UpstreamCallRoute(vertx, settings, new AnthropicCountTokensApi(anthropic))::handle);
    router.post("/v1/embeddings").handler(body)
      .handler(new UpstreamCallRoute(vertx, settings, new OpenAiEmbeddingsApi(openai))::handle);
    router.post("/v1beta/models/:modelAction").handler(body).handler(new UpstreamCallRoute(vertx, settings, gemini)::handle);
    router.route("/proxy/:target/*").handler(PassThroughRoute.proxy(vertx, settings)::handle);
    PassThroughRoute openAiDirect = PassThroughRoute.openAi(vertx, settings);
    PassThroughRoute.OPENAI_ROUTES.forEach(path -> router.route(path).handler(openAiDirect::handle));
    router.route().last().handler(ctx -> ErrorReplies.send(ctx.response(), 404, unknownUrl(ctx)));
    router.route().failureHandler(this::routingFailure);
    server = vertx.createHttpServer(new HttpServerOptions()
      .setHost(settings.host()).setPort(settings.port()).setTcpNoDelay(true).setReuseAddress(true));
    return server.requestHandler(router).listen()
      .recover(failure -> Future.failedFuture("http.port " + settings.port() + " on " + settings.host()
        + " could not be opened: " + failure.getMessage()));
  }

  @Override
  public Future<?> stop() {
    return server.shutdown();
  }

  /** Anthropic's SDK marks its calls with anthropic-version and sends its key in x-api-key. */
  private static boolean isAnthropic(RoutingContext ctx) {
    return ctx.request().getHeader("anthropic-version") != null || ctx.request().getHeader("x-api-key") != null;
  }

  private ClientApi apiOf(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path.startsWith("/v1beta/")) {
      return gemini;
    }
    return path.startsWith("/v1/messages") || isAnthropic(ctx) ? anthropic : openai;
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

  private void metrics(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
      .end(GatewayMetrics.registry().scrape());
  }

  private io.vertx.core.buffer.Buffer unknownUrl(RoutingContext ctx) {
    String message = "Unknown request URL: " + ctx.request().method() + " " + ctx.request().path()
      + ". Please check the URL for typos.";
    ClientApi api = apiOf(ctx);
    if (api.dialect() == Dialect.OPENAI) {
      return new JsonObject().put("error", new JsonObject().put("message", message).put("type", "invalid_request_error")
        .putNull("param").putNull("code")).toBuffer();
    }
    return api.format().errorBody(ErrorKind.MODEL_NOT_FOUND, message);
  }

  private void routingFailure(RoutingContext ctx) {
    ClientApi api = apiOf(ctx);
    int status = ctx.statusCode();
    if (status == 413) {
      ErrorReplies.send(ctx.response(), api.format(), new GatewayException(ErrorKind.BODY_TOO_LARGE,
        "The request body is larger than the " + settings.maxBodyBytes() + " bytes this gateway accepts."));
    } else if (status == 400) {
      ErrorReplies.send(ctx.response(), api.format(),
        new GatewayException(ErrorKind.BAD_REQUEST, "The request could not be read."));
    } else {
      ErrorReplies.send(ctx.response(), api.format(), ctx.failure() == null
        ? new IllegalStateException("status " + status) : ctx.failure());
    }
  }
}

package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.ModelList;
import io.switchboard.api.ModelListRequest;
import io.switchboard.dialects.openai.OpenAiErrors;
import io.switchboard.dialects.openai.OpenAiModels;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** The client-facing HTTP server: OpenAI routes, health and metrics. Talks to every other role over the bus. */
public class IngressVerticle extends VerticleBase {
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
    ChatCompletionsRoute chat = new ChatCompletionsRoute(vertx, settings);
    Router router = Router.router(vertx);
    router.get("/healthz").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
    router.get("/metrics").handler(this::metrics);
    router.get("/v1/models").handler(this::models);
    router.post("/v1/chat/completions")
      .handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()))
      .handler(chat::handle);
    router.route().last().handler(ctx -> ErrorReplies.send(ctx.response(), 404, new JsonObject().put("error",
      new JsonObject().put("message", "Unknown request URL: " + ctx.request().method() + " " + ctx.request().path()
        + ". Please check the URL for typos.").put("type", "invalid_request_error").putNull("param").putNull("code"))
      .toBuffer()));
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

  private void models(RoutingContext ctx) {
    ClientKeys.authenticate(vertx.eventBus(), ctx, settings)
      .compose(principal -> vertx.eventBus().<ModelList>request(Addresses.ROUTE_MODELS, new ModelListRequest(null),
        settings.controlDelivery())
        .map(reply -> reply.body().models().stream().filter(principal::allows).toList()))
      .onSuccess(models -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(OpenAiModels.list(models)))
      .onFailure(failure -> ErrorReplies.send(ctx.response(), failure));
  }

  private void metrics(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
      .end(GatewayMetrics.registry().scrape());
  }

  private void routingFailure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status == 413) {
      ErrorReplies.send(ctx.response(), 413, OpenAiErrors.body(ErrorKind.BODY_TOO_LARGE,
        "The request body is larger than the " + settings.maxBodyBytes() + " bytes this gateway accepts."));
    } else if (status == 400) {
      ErrorReplies.send(ctx.response(), 400, OpenAiErrors.body(ErrorKind.BAD_REQUEST, "The request could not be read."));
    } else {
      ErrorReplies.send(ctx.response(), ctx.failure() == null ? new IllegalStateException("status " + status)
        : ctx.failure());
    }
  }
}

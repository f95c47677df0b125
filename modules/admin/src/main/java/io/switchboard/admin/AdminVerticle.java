package io.switchboard.admin;

import io.switchboard.api.MessageCodecs;
import io.switchboard.store.AccountActivityStore;
import io.switchboard.store.Databases;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the admin REST API on its own port. The routes are built from the OpenAPI document it serves: every
 * operation of the document is bound to the handler its {@code operationId} names, guarded by its
 * {@code x-sb-access} (public, user or admin), so the document and the routes cannot drift apart.
 */
public class AdminVerticle extends VerticleBase {
  static final String OPENAPI = "io/switchboard/admin/openapi.json";
  private static final Logger LOG = LoggerFactory.getLogger(AdminVerticle.class);
  private Pool pool;
  private Redis redis;
  private HttpServer server;
  private PlaygroundProxy playground;
  private CircuitStates circuits;

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    AdminSettings settings;
    ConsoleSettings consoleSettings;
    try {
      settings = AdminSettings.from(config());
      consoleSettings = ConsoleSettings.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    pool = Databases.postgres(vertx, settings.postgresUrl(), settings.poolSize());
    redis = Databases.redis(vertx, settings.redisUrl());
    AdminContext admin = new AdminContext(vertx, pool, redis, settings);
    ConsoleRoutes console = new ConsoleRoutes(consoleSettings);
    playground = new PlaygroundProxy(vertx, consoleSettings.clientUrl());
    circuits = new CircuitStates();
    return vertx.fileSystem().readFile(OPENAPI).compose(document -> {
      JsonObject openapi = document.toJsonObject();
      Map<String, AdminOperation> operations = new HashMap<>();
      new AuthRoutes(admin).register(operations);
      new UserRoutes(admin).register(operations);
      new KeyRoutes(admin).register(operations);
      new UsageRoutes(admin).register(operations);
      new QuotaRoutes(admin).register(operations);
      new AccountRoutes(admin).register(operations);
      new OpsRoutes(admin).register(operations);
      new CatalogRoutes(admin).register(operations);
      new AuditRoutes(admin).register(operations);
      new MasterKeyRoutes(admin).register(operations);
      new AccountHealthRoutes(admin.accounts(), new AccountActivityStore(pool), circuits).register(operations);
      console.register(operations);
      playground.register(operations);
      operations.put("openapi", call -> Answer.ok(openapi));
      Router router;
      try {
        router = router(openapi, operations, new Guard(admin));
      } catch (IllegalStateException e) {
        return Future.failedFuture(e);
      }
      console.mount(router);
      // compressed: the console's first load stays small; the playground's relay opts out per response
      server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true));
      return Future.all(circuits.listen(vertx.eventBus()),
        server.requestHandler(router).listen(settings.port(), settings.host()));
    });
  }

  @Override
  public Future<?> stop() {
    return Future.join(server == null ? Future.succeededFuture() : server.close(), pool.close(), redis.close(),
      playground == null ? Future.succeededFuture() : playground.close(),
      circuits == null ? Future.succeededFuture() : circuits.close());
  }

  private Router router(JsonObject openapi, Map<String, AdminOperation> operations, Guard guard) {
    Router router = Router.router(vertx);
    router.route("/admin/*").handler(BodyHandler.create().setBodyLimit(1 << 20));
    Set<String> bound = new HashSet<>();
    for (Operation op : operations(openapi)) {
      AdminOperation handler = operations.get(op.id());
      if (handler == null) {
        throw new IllegalStateException("admin: the OpenAPI operation " + op.id() + " has no handler");
      }
      if (!List.of("public", "user", "admin").contains(op.access())) {
        throw new IllegalStateException("admin: the OpenAPI operation " + op.id() + " has no x-sb-access level");
      }
      bound.add(op.id());
      router.route(HttpMethod.valueOf(op.method().toUpperCase()), op.path().replaceAll("\\{([^}]+)}", ":$1"))
        .handler(ctx -> guard.admit(ctx, op.access())
          .compose(call -> handler.handle(call))
          .onSuccess(answer -> send(ctx, answer))
          .onFailure(ctx::fail));
    }
    if (!bound.containsAll(operations.keySet())) {
      Set<String> extra = new HashSet<>(operations.keySet());
      extra.removeAll(bound);
      throw new IllegalStateException("admin: handlers missing from the OpenAPI document: " + extra);
    }
    router.route("/admin/*").last().handler(ctx -> ctx.fail(AdminError.notFound("route")));
    router.route().failureHandler(this::failure);
    return router;
  }

  /** One operation of the document: method, path, operationId and access level. */
  record Operation(String method, String path, String id, String access) {
  }

  static List<Operation> operations(JsonObject openapi) {
    List<Operation> out = new java.util.ArrayList<>();
    JsonObject paths = openapi.getJsonObject("paths");
    for (String path : new java.util.TreeSet<>(paths.fieldNames())) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        JsonObject op = item.getJsonObject(method);
        if (op != null) {
          out.add(new Operation(method, path, op.getString("operationId"), op.getString("x-sb-access")));
        }
      }
    }
    return out;
  }

  private static void send(RoutingContext ctx, Answer answer) {
    if (answer == null || ctx.response().headWritten()) {
      return; // the operation wrote its own response (the playground relays a stream)
    }
    ctx.response().setStatusCode(answer.status()).putHeader("cache-control", "no-store");
    if (answer.body() == null) {
      ctx.response().end();
    } else if (answer.body() instanceof String text) {
      ctx.response().putHeader("content-type", answer.contentType()).end(text);
    } else {
      ctx.response().putHeader("content-type", "application/json")
        .end(answer.body() instanceof JsonArray array ? array.encode() : ((JsonObject) answer.body()).encode());
    }
  }

  private void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    AdminError error;
    if (failure instanceof AdminError known) {
      error = known;
    } else if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      error = AdminError.conflict("a row with that name already exists");
    } else if (failure instanceof PgException pg && "23503".equals(pg.getSqlState())) {
      error = AdminError.conflict("it is still referenced (or references something that does not exist)");
    } else if (failure == null && ctx.statusCode() == 413) {
      error = new AdminError(413, "the body is too large", null, null);
    } else if (failure == null && ctx.statusCode() == 400) {
      error = new AdminError(400, "malformed request", null, null);
    } else {
      // the class and SQL state only: driver messages may quote row values
      LOG.error("admin: {} {} failed: {}", ctx.request().method(), ctx.request().path(), failure == null
        ? "status " + ctx.statusCode() : failure.getClass().getName()
        + (failure instanceof PgException pg ? " " + pg.getSqlState() : ""));
      error = new AdminError(500, "internal error", null, null);
    }
    if (ctx.response().ended()) {
      return;
    }
    if (error.retryAfterSeconds != null) {
      ctx.response().putHeader("retry-after", String.valueOf(error.retryAfterSeconds));
    }
    ctx.response().setStatusCode(error.status).putHeader("content-type", "application/json")
      .putHeader("cache-control", "no-store").end(error.body().encode());
  }
}

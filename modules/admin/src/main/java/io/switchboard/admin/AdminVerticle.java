package io.switchboard.admin;

import io.switchboard.api.ConnectionBounds;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.Readiness;
import io.switchboard.store.AccountActivityStore;
import io.switchboard.store.AccountQuotaStore;
import io.switchboard.store.AccountStatusHistory;
import io.switchboard.store.AccountStore;
import io.switchboard.store.ApiKeyStore;
import io.switchboard.store.AuditStore;
import io.switchboard.store.BodyCaptureStore;
import io.switchboard.store.CredentialCipher;
import io.switchboard.store.CronRunStore;
import io.switchboard.store.GroupStore;
import io.switchboard.store.KeyAlertStore;
import io.switchboard.store.PriceStore;
import io.switchboard.store.QuotaStore;
import io.switchboard.store.UsageReportStore;
import io.switchboard.store.UserStore;
import io.switchboard.store.rules.RuleHitStore;
import io.switchboard.store.rules.RuleStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.Base64;
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
  /** How long {@code /readyz} waits for this node's checks (each bounded below it). */
  private static final long READINESS_TIMEOUT_MS = 5000;
  private Pool pool;
  private Redis redis;
  private HttpServer server;
  private ConfigAnnouncer announcer;
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
    pool = settings.storage().postgres(vertx);
    redis = settings.storage().redis(vertx);
    CredentialCipher cipher = CredentialCipher.shared(vertx, settings.masterKey(), settings.previousMasterKeys());
    UserStore users = new UserStore(pool);
    AdminTokens tokens = new AdminTokens(vertx, Base64.getDecoder().decode(settings.masterKey().trim()),
      settings.accessSeconds(), settings.refreshSeconds());
    Guard guard = new Guard(tokens, users, settings.clientAddress());
    announcer = new ConfigAnnouncer(vertx.eventBus());
    playground = new PlaygroundProxy(vertx, consoleSettings.clientUrl());
    circuits = new CircuitStates();
    Map<String, AdminOperation> operations = operations(settings, cipher, users, tokens, guard);
    ConsoleRoutes console = new ConsoleRoutes(consoleSettings);
    console.register(operations);
    playground.register(operations);
    // read from the jar on worker threads (ClassPathFiles)
    Future<JsonObject> document = vertx.executeBlocking(
      () -> new JsonObject(Buffer.buffer(ClassPathFiles.read(OPENAPI))));
    Future<Handler<RoutingContext>> uplot = vertx.executeBlocking(ConsoleRoutes::uplotFiles);
    return Future.all(document, uplot).compose(read -> {
      JsonObject openapi = document.result();
      operations.put("openapi", call -> Answer.ok(openapi));
      Router router;
      try {
        router = router(openapi, operations, guard);
      } catch (IllegalStateException e) {
        return Future.failedFuture(e);
      }
      // a node running the admin role without the ingress is probed here (outside /admin/: no sign-in)
      router.get("/healthz").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
      router.get("/readyz").handler(ctx -> Readiness.ask(vertx.eventBus(), READINESS_TIMEOUT_MS)
        .onSuccess(readiness -> ctx.response().setStatusCode(readiness.httpStatus())
          .putHeader("content-type", "application/json").end(readiness.toJson().toBuffer())));
      console.mount(router, uplot.result());
      // the client port's bounds on connections: how many at once, the time to a first head, the time idle
      ConnectionBounds bounds = new ConnectionBounds(vertx, settings.connections(), "admin");
      // compressed: the console's first load stays small; the playground's relay opts out per response. No
      // cleartext HTTP/2: its sniffing of the first bytes would hide a silent connection from the bounds
      server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)
          .setHttp2ClearTextEnabled(false))
        .connectionHandler(bounds::accept)
        .invalidRequestHandler(AdminVerticle::invalidRequest);
      return Future.all(circuits.listen(vertx.eventBus()),
        server.requestHandler(bounds.around(router)).listen(settings.port(), settings.host()));
    });
  }

  @Override
  public Future<?> stop() {
    return Future.join(server == null ? Future.succeededFuture() : server.close(), pool.close(), redis.close(),
      playground == null ? Future.succeededFuture() : playground.close(),
      circuits == null ? Future.succeededFuture() : circuits.close());
  }

  /** Every route class, each given the stores and collaborators it uses (built once, here), by operation id. */
  private Map<String, AdminOperation> operations(AdminSettings settings, CredentialCipher cipher, UserStore users,
                                                 AdminTokens tokens, Guard guard) {
    ApiKeyStore keys = new ApiKeyStore(pool);
    AccountStore accounts = new AccountStore(pool);
    GroupStore groups = new GroupStore(pool);
    QuotaStore quotas = new QuotaStore(pool);
    UsageReportStore usage = new UsageReportStore(pool);
    AuditStore auditStore = new AuditStore(pool);
    RuleHitStore hits = new RuleHitStore(pool);
    AuditTrail audit = new AuditTrail(auditStore);
    LoginThrottle throttle = new LoginThrottle(redis, settings.maxFailuresPerUser(), settings.maxFailuresPerIp(),
      settings.loginWindowMs());
    Map<String, AdminOperation> ops = new HashMap<>();
    new AuthRoutes(vertx, users, tokens, guard, throttle, audit, announcer).register(ops);
    new UserRoutes(vertx, users, groups, audit, announcer).register(ops);
    new KeyRoutes(keys, users, usage, settings.maxKeysPerUser(), audit, announcer).register(ops);
    new UsageRoutes(usage, users, keys, quotas, settings.quotaDay()).register(ops);
    new QuotaRoutes(quotas, groups, settings.quotaDay(), audit, announcer, redis).register(ops);
    AccountQuotaFields accountQuotas = new AccountQuotaFields(new AccountQuotaStore(pool));
    new AccountRoutes(vertx, accounts, accountQuotas, cipher, settings.probeTimeoutMs(), audit, announcer)
      .register(ops);
    new AccountImportRoutes(accounts, new AccountFields(cipher), accountQuotas, audit, announcer).register(ops);
    new OpsRoutes(accounts, new AccountStatusHistory(pool), hits).register(ops);
    new RuleRoutes(vertx, new RuleStore(pool), hits, audit, announcer).register(ops);
    new CronRoutes(vertx, new CronRunStore(pool), audit).register(ops);
    new CatalogRoutes(groups, new PriceStore(pool), new ProxyFields(cipher), audit, announcer).register(ops);
    new AuditRoutes(auditStore).register(ops);
    new MasterKeyRoutes(vertx, accounts, cipher, settings.masterKeyDir(), audit, announcer).register(ops);
    new AccountHealthRoutes(accounts, new AccountActivityStore(pool), circuits).register(ops);
    new KeyAlertRoutes(new KeyAlertStore(pool)).register(ops);
    new BodyCaptureRoutes(new BodyCaptureStore(pool), config().getJsonObject("bodies", new JsonObject()), audit,
      announcer).register(ops);
    new DeploymentRoutes(vertx, audit).register(ops);
    return ops;
  }

  private Router router(JsonObject openapi, Map<String, AdminOperation> operations, Guard guard) {
    Router router = Router.router(vertx);
    // no operation takes a file: an upload would be written to disk before anyone is authenticated
    router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(1 << 20));
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
          .compose(answer -> announcer.settled().map(answer)) // the change reaches every node before its answer
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

  /** A request HTTP itself could not read (headers over the limits, a malformed head): 400 in the API's shape. */
  private static void invalidRequest(HttpServerRequest request) {
    request.response().setStatusCode(400).putHeader("content-type", "application/json")
      .putHeader("connection", "close") // the server closes it after this answer
      .end(new AdminError(400, "the request is not valid HTTP or its headers are too large", null, null).body().encode());
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

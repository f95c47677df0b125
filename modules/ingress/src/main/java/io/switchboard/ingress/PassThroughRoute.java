package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.Candidate;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.InFlight;
import io.switchboard.api.PassThroughCall;
import io.switchboard.api.PassThroughPlanRequest;
import io.switchboard.api.Principal;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.ProviderKind;
import io.switchboard.api.RateLimitReset;
import io.switchboard.api.RoutePlan;
import io.switchboard.api.SameLoop;
import io.switchboard.api.StreamTally;
import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A request the gateway does not model, forwarded whatever its method, path, query and body: to an account of the
 * provider kind or account group it names ({@code ANY /proxy/{target}/{path}}), or to an OpenAI-kind account (the
 * routes OpenAI's SDKs call directly: images, audio, moderations, files, batches, rerank, a Responses conversation's
 * compaction). Its key is checked and admitted like any other, the model it names (if any) against the key's
 * allow-list; the scheduler plans, the candidates are tried ({@link AttemptLoop}) until one answers; the body goes up
 * ({@link RequestBody}) and the answer comes back ({@link ClientStream}) as bytes, streamed both ways; a usage row
 * records tokens and units where the upstream reports them, else the request with its bytes and status. Like the chat
 * routes it counts in flight (a stop drains it), is watched across the cluster ({@link CallWatch}), and its buffered
 * body must arrive within {@code http.bodyTimeoutMs}; a longer body streams on under the upstream's credit.
 */
final class PassThroughRoute {
  /** OpenAI's SDKs call these directly: they go to accounts of OpenAI's kinds, the path after /v1 appended. */
  static final List<String> OPENAI_ROUTES = List.of("/v1/images/*", "/v1/audio/*", "/v1/moderations", "/v1/files",
    "/v1/files/*", "/v1/batches", "/v1/batches/*", "/v1/rerank");
  /** OpenAI's compaction of a Responses conversation ({@code POST} only: a GET there asks for a stored response). */
  static final String RESPONSES_COMPACT = "/v1/responses/compact";
  private static final List<ProviderKind> OPENAI_KINDS = List.of(ProviderKind.OPENAI, ProviderKind.OPENAI_COMPATIBLE);

  /**
   * Where a request goes: the accounts of the kind or group {@code name} names (null: any of {@code kinds}; empty
   * kinds: any kind), at {@code path} after their base URL.
   */
  record Target(String name, List<ProviderKind> kinds, String path) {
  }

  private final Vertx vertx;
  private final EventBus bus;
  private final IngressSettings settings;
  private final ClientApi keys = new PassThroughKeys();
  private final InFlight inFlight;
  private final CallWatch watch;
  private final Function<RoutingContext, Target> targets;

  private PassThroughRoute(Vertx vertx, IngressSettings settings, InFlight inFlight, CallWatch watch,
                           Function<RoutingContext, Target> targets) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.settings = settings;
    this.inFlight = inFlight;
    this.watch = watch;
    this.targets = targets;
  }

  /** {@code ANY /proxy/{target}/{path}}: the target is a provider kind or an account group. */
  static PassThroughRoute proxy(Vertx vertx, IngressSettings settings, InFlight inFlight, CallWatch watch) {
    return new PassThroughRoute(vertx, settings, inFlight, watch, ctx -> {
      String name = ctx.pathParam("target");
      String path = ctx.request().path();
      int rest = path.indexOf('/', "/proxy/".length());
      return new Target(name, List.of(), rest < 0 ? "/" : path.substring(rest));
    });
  }

  /** OpenAI's own routes ({@link #OPENAI_ROUTES}), to OpenAI and OpenAI-compatible accounts. */
  static PassThroughRoute openAi(Vertx vertx, IngressSettings settings, InFlight inFlight, CallWatch watch) {
    return new PassThroughRoute(vertx, settings, inFlight, watch,
      ctx -> new Target(null, OPENAI_KINDS, ctx.request().path().substring("/v1".length())));
  }

  /** One pass-through request across its attempts: where it goes, its body, the model it names. */
  private static final class PassThrough extends Exchange {
    final Target target;
    RequestBody body;
    String model;
    int attempts;

    PassThrough(RoutingContext ctx, Target target) {
      super(ctx, ctx.currentRoute().getPath(), null); // no dialect: the body is the upstream's own
      this.target = target;
    }
  }

  void handle(RoutingContext ctx) {
    ctx.request().pause(); // the body stays in the socket until it is known where it goes
    PassThrough ex = new PassThrough(ctx, targets.apply(ctx));
    ex.track(inFlight, () -> {
      if (ex.stopNow(vertx, keys.format())) {
        record(ex, StreamTally.NONE, ErrorKind.UNAVAILABLE.status(), -1, "shutdown", null);
      }
    });
    long declared = declaredLength(ctx);
    long max = settings.passThrough().maxBodyBytes();
    Future<Principal> admitted = max > 0 && declared > max
      ? Future.failedFuture(tooLarge(max))
      : ClientKeys.authenticate(bus, keys, ctx, settings).compose(known -> {
        // counted once its key is good, before its admission counts it: unknown keys never take a call's place
        if (!ex.enter(settings.maxCallsInFlight())) {
          return Future.failedFuture(ex.tooManyCalls(settings.maxCallsInFlight()));
        }
        return ClientKeys.admit(bus, keys, ctx, settings, Math.max(0, declared) / 4);
      });
    admitted
      .compose(principal -> {
        ex.principal = principal;
        ex.logKey(principal);
        if (ex.recorded()) { // answered while it was admitted: the gateway is stopping
          ex.release(bus, Usage.NONE);
          throw new GatewayException(ErrorKind.UNAVAILABLE, "The gateway is shutting down.");
        }
        RateLimitHeaders.apply(ctx.response(), principal);
        long bodyTimeoutMs = settings.limits().bodyTimeoutMs();
        ex.bodyTimer = vertx.setTimer(bodyTimeoutMs, id -> refuse(ex, Exchange.bodyTimedOut(bodyTimeoutMs)));
        if (ex.refuseIfClientLeaves(vertx, left -> refuse(ex, left))) {
          return Future.<RequestBody>failedFuture(Exchange.clientLeft());
        }
        return RequestBody.read(bus, ex, settings.passThrough().bufferBytes(), max, settings.heldBodyBytes())
          .onComplete(read -> vertx.cancelTimer(ex.bodyTimer));
      })
      .compose(body -> {
        ex.bodyRead();
        ex.body = body;
        if (ex.recorded()) {
          return Future.succeededFuture(); // answered while the body was read (timed out, or the gateway stopping)
        }
        ex.capture = BodyCapture.of(settings.bodies(), ex.principal, body.head(), body.more());
        String model = PassThroughModels.of(ex.target.path(), ctx.request().getHeader("content-type"), body.head(),
          !body.more());
        ClientNames.check(model, ctx.request().headers());
        ex.model = model;
        if (ex.model != null && !ex.principal.allows(ex.model)) {
          throw new GatewayException(ErrorKind.FORBIDDEN,
            "This API key is not allowed to use the model `" + ex.model + "`.");
        }
        List<ProviderKind> kinds = ProviderKind.wireNames().contains(ex.target.name())
          ? List.of(ProviderKind.fromWire(ex.target.name())) : ex.target.kinds();
        return bus.<RoutePlan>request(Addresses.ROUTE_PASS_THROUGH, new PassThroughPlanRequest(ex.requestId,
            ex.target.name(), ex.model, PlanRefusals.reachableKinds(kinds, ex.principal), ex.principal.group(),
            SessionKeys.ofHeaders(ex.principal.keyId(), ctx.request().headers())),
          settings.controlDelivery()).compose(plan -> tryCandidates(ex, plan.body()));
      })
      .onFailure(failure -> refuse(ex, ex.body != null && ex.body.tooLarge() ? tooLarge(max) : failure));
  }

  /** The planned accounts, one after another, until one answers; or why there is none. */
  private Future<Void> tryCandidates(PassThrough ex, RoutePlan plan) {
    RoutingContext ctx = ex.ctx;
    List<Candidate> candidates = plan.candidates();
        if (candidates.isEmpty()) {
          String what = ex.target.name() == null ? "this endpoint" : "`" + ex.target.name() + "`";
          throw PlanRefusals.of(plan, ctx.response(), what, new GatewayException(ErrorKind.MODEL_NOT_FOUND,
            "No upstream account of " + what + " is available to this key."));
        }
        return new AttemptLoop(vertx, settings.retry(), candidates, ex.startNanos, ctx.response(), ex::recorded)
          .run((candidate, lastFailure) -> attempt(ex, candidate, lastFailure), failure -> answerFailure(ex, failure));
  }

  private static GatewayException tooLarge(long max) {
    return new GatewayException(ErrorKind.BODY_TOO_LARGE, "The request body is larger than the " + max
      + " bytes this gateway passes through.");
  }

  /** Answers a request that goes no further, in OpenAI's shape, and records it. */
  private void refuse(PassThrough ex, Throwable failure) {
    vertx.cancelTimer(ex.bodyTimer);
    GatewayException error = ErrorReplies.classify(failure);
    ErrorReplies.send(ex.ctx.response(), keys.format(), error);
    record(ex, StreamTally.NONE, error.kind().status(), -1, error.kind().name(), null);
  }

  /** One attempt at one account: completes with null once the client has its answer, else with the failed head. */
  private Future<ProviderHead> attempt(PassThrough ex, Candidate candidate, ErrorClass lastFailure) {
    RoutingContext ctx = ex.ctx;
    if (ex.recorded()) {
      return Future.succeededFuture(null); // answered during a back-off: the gateway is stopping
    }
    if (ctx.response().closed()) { // the client left during a back-off: no upstream is asked again
      record(ex, StreamTally.NONE, ClientStream.CLIENT_CLOSED_REQUEST, -1, "client_closed", lastFailure);
      return Future.succeededFuture(null);
    }
    ex.candidate = candidate;
    ex.logAccount(candidate);
    String uploadId = ex.body.more() ? ex.requestId + "." + ++ex.attempts : null;
    Map<String, String> headers = PassThroughHeaders.of(ctx.request().headers());
    if (uploadId != null && ctx.request().getHeader("content-length") != null) {
      headers = new HashMap<>(headers);
      headers.put("content-length", ctx.request().getHeader("content-length")); // the upstream gets it as sent
    }
    PassThroughCall call = new PassThroughCall(ex.requestId, candidate, ctx.request().method().name(),
      ex.target.path(), PassThroughHeaders.query(ctx.request().query()), headers, ex.body.head(), uploadId,
      settings.streamWindowBytes());
    ClientStream stream = new ClientStream(vertx, ex.requestId, ctx.response(), settings,
      new RelayedStreamShape(ctx.request().method(), keys.format()));
    if (ex.capture != null) {
      stream.watch(ex.capture::answer);
    }
    CallWatch.Call watched = watch.begin();
    Future<Void> offered = uploadId == null ? Future.succeededFuture() : ex.body.offer(uploadId);
    return offered.compose(v -> stream.attempt(watched, () -> bus.<ProviderHead>request(
          Addresses.providerPassThrough(candidate.provider()), call,
          watched.delivery(settings.upstreamDelivery())).map(Message::body), ex::recorded,
        upstream -> RateLimitHeaders.upstream(upstream, ex.principal), true))
      .recover(failure -> {
        ex.body.withdraw();
        return Future.failedFuture(failure);
      })
      .compose(failed -> {
        if (failed == null) {
          ex.stream = stream;
          stream.finished().onSuccess(end -> record(ex, end.tally(), end.status(), end.firstByteNanos(),
            end.outcome(), end.errorClass()));
          return Future.succeededFuture(null);
        }
        ex.body.withdraw();
        if (ex.body.tooLarge()) {
          return Future.failedFuture(new GatewayException(ErrorKind.BODY_TOO_LARGE, "too large"));
        }
        // a body that has partly gone to this upstream is gone: no other account can have it whole
        return Future.succeededFuture(ex.body.started() ? lastAttempt(failed) : failed);
      });
  }

  private static ProviderHead lastAttempt(ProviderHead head) {
    return new ProviderHead(false, head.status(), head.headers(), head.errorKind(), head.message(), head.body(),
      head.usage(), false, head.errorClass());
  }

  /**
   * Every attempt failed: the last upstream's own answer (status, headers, scrubbed body) when it gave one the client
   * may see; all rate limited is a 429 with the shortest Retry-After; else an error naming the last cause.
   */
  private void answerFailure(PassThrough ex, AttemptLoop.Failure failure) {
    ProviderHead head = failure.last();
    ex.candidate = failure.candidate();
    HttpServerResponse response = ex.ctx.response();
    if (!response.headWritten() && !response.closed()) {
      RateLimitHeaders.putUpstream(response, head.headers(), ex.principal);
      if (failure.allRateLimited()) {
        if (failure.shortestWaitMs() >= 0) {
          response.putHeader("retry-after", String.valueOf(RateLimitReset.seconds(failure.shortestWaitMs())));
        }
        ErrorReplies.send(response, 429, head.body() != null ? head.body()
          : keys.format().errorBody(ErrorKind.RATE_LIMITED, head.message()));
      } else if (head.body() != null) {
        response.setStatusCode(head.status()).end(head.body());
        if (ex.capture != null) {
          ex.capture.answer(head.body());
        }
      } else {
        String message = failure.attempts() > 1
          ? failure.attempts() + " upstream attempts failed; the last: " + head.message() : head.message();
        ErrorReplies.send(response, head.status(), keys.format().errorBody(head.errorKind(), message));
      }
    }
    record(ex, StreamTally.NONE, failure.allRateLimited() ? 429 : head.status(), -1, head.errorKind().name(),
      head.errorClass());
  }

  private static long declaredLength(RoutingContext ctx) {
    try {
      String length = ctx.request().getHeader("content-length");
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException unreadable) {
      return -1;
    }
  }

  /** The usage row: tokens and units as the upstream reported them, else the request with its bytes and status. */
  private void record(PassThrough ex, StreamTally tally, int status, long firstByteNanos, String outcome,
                      ErrorClass errorClass) {
    if (!ex.finish(outcome, firstByteNanos, ex.model)) {
      return; // recorded already
    }
    try {
      if (ex.principal != null) { // else no key: nobody to charge
        send(ex, tally, status, firstByteNanos, outcome, errorClass);
      }
    } finally {
      ex.leave();
    }
  }

  private void send(PassThrough ex, StreamTally tally, int status, long firstByteNanos, String outcome,
                    ErrorClass errorClass) {
    Principal p = ex.principal;
    Candidate c = ex.candidate;
    long ttfbMs = firstByteNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(firstByteNanos - ex.startNanos);
    String answerType = ex.ctx.response().headers().get("content-type");
    boolean stream = answerType != null && answerType.startsWith("text/event-stream");
    Usage used = tally.usage() == null ? Usage.NONE : tally.usage();
    bus.send(SameLoop.address(Addresses.USAGE_RECORD), new UsageRecord(ex.requestId, p.keyId(),
      c == null ? null : c.accountId(), ex.model == null ? "" : ex.model, c == null ? null : c.upstreamModel(), used,
      status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ex.startNanos), ttfbMs, stream, outcome, errorClass,
      p.userId(), p.group(), p.admission() != null && p.admission().onFallback(), ex.startMillis, false,
      UsageReport.traffic(ex.ctx, tally.units())));
    ex.release(bus, used);
    if (ex.capture != null) {
      ex.capture.send(bus, ex.requestId, ex.startMillis, p.keyId(), null, stream, ex.model);
    }
  }
}

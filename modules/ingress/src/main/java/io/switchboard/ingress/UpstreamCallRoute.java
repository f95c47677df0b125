package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.Candidate;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.HeldBytes;
import io.switchboard.api.InFlight;
import io.switchboard.api.Principal;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.RateLimitReset;
import io.switchboard.api.RoutePlan;
import io.switchboard.api.RoutePlanRequest;
import io.switchboard.api.SameLoop;
import io.switchboard.api.Usage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One client call that an upstream answers (chat in any dialect, embeddings, token counting): authenticate its key
 * from the head alone, read the body, decode and check its names ({@link ClientNames}), admit, plan, then try the
 * candidate accounts ({@link AttemptLoop}: failover and back-off under the {@link RetryPolicy}) until a response has
 * begun; finally record usage. Errors go out in the client's dialect. A key that is missing or refused is answered
 * before a byte of the body is read (the connection then closes, see {@link io.switchboard.api.ConnectionBounds}); the
 * body of a known key must arrive within {@code http.bodyTimeoutMs}. While its key is checked and its body read, a
 * request counts in flight (a stop waits for it) but has no usage row: nothing was admitted yet.
 */
final class UpstreamCallRoute {
  static final String EXCHANGE = "sb.exchange";
  /**
   * The request bodies of the calls in flight in this process, counted by their {@code content-length} once their key
   * is known, before a byte of them is read, until the call leaves (a body is held a few times over: read, decoded and
   * rewritten for the upstream); under {@code http.heldBodyBytes}. A body that did not say its length is counted as
   * its chunks arrive ({@link UnsaidLengthBody}), and so is what a pass-through route keeps of a body ({@link
   * RequestBody}). Each call counts its own ({@link Exchange#holdBody}) and lets it go when it leaves.
   */
  static final HeldBytes BODIES = new HeldBytes();
  private final Vertx vertx;
  private final EventBus bus;
  private final IngressSettings settings;
  private final ClientApi api;
  private final InFlight inFlight;
  private final CallWatch watch;
  private final String path;
  private final AccessLog accessLog;
  private final RecentKeys recentKeys;

  UpstreamCallRoute(Vertx vertx, IngressSettings settings, ClientApi api, InFlight inFlight, CallWatch watch,
                    String path, AccessLog accessLog, RecentKeys recentKeys) {
    this.vertx = vertx;
    this.path = path;
    this.bus = vertx.eventBus();
    this.settings = settings;
    this.api = api;
    this.inFlight = inFlight;
    this.watch = watch;
    this.accessLog = accessLog;
    this.recentKeys = recentKeys;
  }

  /**
   * First handler: checks the key from the head alone while the body waits unread in the connection (not again for a
   * key found good from the same address moments ago: {@link RecentKeys}); a known key's call is then counted among
   * those in flight (or refused past {@code http.maxCallsInFlight}), and its body read, under its time limit.
   */
  void authenticate(RoutingContext ctx) {
    ctx.request().pause();
    Exchange ex = new Exchange(ctx, path, api.dialect());
    ctx.put(EXCHANGE, ex);
    ex.track(inFlight, () -> {
      if (ex.stopNow(vertx, api.format())) {
        record(ex, Usage.NONE, ErrorKind.UNAVAILABLE.status(), -1, "shutdown", null, null);
      }
    });
    String recent = RecentKeys.id(ClientKeys.keyHash(api, ctx), ClientKeys.address(ctx));
    ex.recentKey = recent;
    Principal remembered = recentKeys.good(recent);
    Future<Principal> checked = remembered != null ? Future.succeededFuture(remembered)
      : ClientKeys.authenticate(bus, api, ctx, settings).onSuccess(known -> recentKeys.found(recent, known));
    checked
      .onSuccess(known -> {
        ex.logKey(known);
        if (!ex.recorded()) { // else answered meanwhile: the gateway is stopping
          // counted once its key is good: requests with unknown keys, however many, never take a call's place
          if (!ex.enter(settings.maxCallsInFlight())) {
            refuse(ex, ex.tooManyCalls(settings.maxCallsInFlight()));
            return;
          }
          if (!holdBody(ex)) {
            return;
          }
          long bodyTimeoutMs = settings.limits().bodyTimeoutMs();
          ex.bodyTimer = vertx.setTimer(bodyTimeoutMs, id -> refuse(ex, Exchange.bodyTimedOut(bodyTimeoutMs)));
          if (!ex.refuseIfClientLeaves(vertx, left -> refuse(ex, left))) {
            if (UnsaidLengthBody.applies(ctx.request())) {
              UnsaidLengthBody.read(ex, settings.maxBodyBytes(), settings.heldBodyBytes());
            } else {
              ctx.next();
            }
          }
        }
      })
      .onFailure(failure -> refuse(ex, failure));
  }

  /**
   * Counts the request's body among those held ({@link #BODIES}) by its {@code content-length}, before it is read;
   * false when that would pass {@code http.heldBodyBytes}: the request is then refused, 503 with Retry-After.
   */
  private boolean holdBody(Exchange ex) {
    long declared = HeldBytes.contentLength(ex.ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH));
    if (declared <= 0 || declared > settings.maxBodyBytes()) {
      return true; // none, not said (chunked), or refused by its size as it is read
    }
    if (!ex.holdBody(declared, settings.heldBodyBytes())) {
      refuse(ex, ex.bodiesFull(settings.heldBodyBytes()));
      return false;
    }
    return true;
  }

  /**
   * The route's failure handler: a body over the limit or past the bound on held bodies, one that could not be read,
   * or a client gone meanwhile.
   */
  void failed(RoutingContext ctx) {
    Exchange ex = ctx.get(EXCHANGE);
    if (ex == null) {
      ErrorReplies.send(ctx.response(), api.format(), ErrorReplies.ofRouting(ctx, settings.maxBodyBytes()));
      return;
    }
    vertx.cancelTimer(ex.bodyTimer);
    refuse(ex, ctx.response().closed() ? Exchange.clientLeft() : ErrorReplies.ofRouting(ctx, settings.maxBodyBytes()));
  }


  /** Answers a request that goes no further, in its dialect, and records it. */
  private void refuse(Exchange ex, Throwable failure) {
    GatewayException error = ErrorReplies.classify(failure);
    ErrorReplies.send(ex.ctx.response(), api.format(), error);
    record(ex, Usage.NONE, error.kind().status(), -1, error.kind().name(), providerLost(ex, failure), null);
  }

  /** Third handler, once the body has been read. */
  void handle(RoutingContext ctx) {
    Exchange ex = ctx.get(EXCHANGE);
    vertx.cancelTimer(ex.bodyTimer);
    ex.bodyReadNanos = System.nanoTime();
    ex.bodyRead();
    if (ex.recorded()) {
      return; // answered while the body was read (timed out, or the gateway stopping)
    }
    Future.succeededFuture()
      .map(v -> {
        // before admission: a bad request neither counts against the key's limits nor leaves a usage row
        ex.request = api.decode(ctx);
        NestingLimit.check(ex.request.body());
        ClientNames.check(ex.request, ctx.request().headers());
        ex.logModel();
        return v;
      })
      .compose(v -> ClientKeys.admit(bus, api, ctx, settings, requestTokenEstimate(ctx))
        .onFailure(refused -> recentKeys.forget(ex.recentKey))) // checked before its body again
      .compose(principal -> {
        ex.principal = principal;
        ex.capture = BodyCapture.of(settings.bodies(), principal, ctx.body().buffer(), false);
        if (ex.recorded()) { // answered while it was admitted: the gateway is stopping
          ex.release(bus, Usage.NONE);
          throw new GatewayException(ErrorKind.UNAVAILABLE, "The gateway is shutting down.");
        }
        RateLimitHeaders.apply(ctx.response(), principal);
        if (!principal.allows(ex.request.model())) {
          throw new GatewayException(ErrorKind.FORBIDDEN,
            "This API key is not allowed to use the model `" + ex.request.model() + "`.");
        }
        return api.conversation(bus, settings, principal, ex.request, ex.requestId);
      })
      .compose(conversation -> {
        ex.conversation = conversation;
        Principal principal = ex.principal;
        return bus.<RoutePlan>request(SameLoop.address(Addresses.ROUTE_PLAN),
          new RoutePlanRequest(ex.requestId, ex.request.model(),
            PlanRefusals.reachableKinds(api.providerKinds(), principal), principal.group(),
            SessionKeys.of(principal.keyId(), ctx.request().headers(), ex.request)),
          settings.controlDelivery());
      })
      .compose(plan -> {
        List<Candidate> candidates = ex.conversation.order(plan.body().candidates());
        if (!candidates.isEmpty()) {
          return new AttemptLoop(vertx, settings.retry(), candidates, ex.startNanos, ctx.response(), ex::recorded)
            .run((candidate, lastFailure) -> attempt(ex, candidate, lastFailure),
              failure -> answerFailure(ex, failure));
        }
        return api.answerWithoutUpstream(vertx, ex.request, ctx.response()).compose(local -> {
          if (local == null) {
            String model = ex.request.model();
            throw PlanRefusals.of(plan.body(), ctx.response(), "`" + model + "`", new GatewayException(
              ErrorKind.MODEL_NOT_FOUND, "The model `" + model + "` does not exist or you do not have access to it."));
          }
          if (ex.recorded()) {
            return Future.succeededFuture(); // answered while it was counted: the gateway is stopping
          }
          if (ctx.response().closed()) {
            record(ex, Usage.NONE, ClientStream.CLIENT_CLOSED_REQUEST, -1, "client_closed", null, null);
          } else {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(local);
            record(ex, Usage.NONE, 200, System.nanoTime(), "local", null, null);
          }
          return Future.succeededFuture();
        });
      })
      .onFailure(failure -> refuse(ex, failure));
  }

  /**
   * provider_lost when the failure is a provider that never answered its call (none listening, or no answer within
   * {@code upstreamTimeoutMs}, which sits above every provider's own timeouts), else null.
   */
  private static ErrorClass providerLost(Exchange ex, Throwable failure) {
    return ex.candidate != null && failure instanceof ReplyException reply
      && (reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS)
      ? ErrorClass.PROVIDER_LOST : null;
  }

  /** One attempt at one account: completes with null once the client has its answer, else with the failed head. */
  private Future<ProviderHead> attempt(Exchange ex, Candidate candidate, ErrorClass lastFailure) {
    if (ex.recorded()) {
      return Future.succeededFuture(null); // answered during a back-off: the gateway is stopping
    }
    if (ex.ctx.response().closed()) {
      // the client left before its call went out (or during a back-off, whose failure its row keeps): no upstream is
      // asked for an answer nobody would read
      record(ex, Usage.NONE, ClientStream.CLIENT_CLOSED_REQUEST, -1, "client_closed", lastFailure, null);
      return Future.succeededFuture(null);
    }
    long sentNanos = System.nanoTime();
    if (ex.lastFailureNanos >= 0) {
      ex.upstreamWaitNanos += sentNanos - ex.lastFailureNanos; // the back-off, if any, since the last failure
    }
    ex.candidate = candidate;
    ex.logAccount(candidate);
    ProviderCall call = new ProviderCall(ex.requestId, ex.candidate, ex.conversation.requestFor(candidate),
      settings.streamWindowBytes());
    CallWatch.Call watched = watch.begin();
    if (!ex.request.stream()) {
      return watched.head(bus.<ProviderHead>request(providerOf(ex), call,
          watched.delivery(settings.upstreamDelivery())).map(Message::body))
        .onComplete(done -> watched.end())
        .compose(head -> {
          waited(ex, sentNanos, head);
          if (!head.ok()) {
            return Future.succeededFuture(head);
          }
          HttpServerResponse response = ex.ctx.response();
          boolean clientLeft = response.closed();
          Future<Void> kept = ex.conversation.answered(candidate, head.body());
          if (!response.ended() && !clientLeft) {
            RateLimitHeaders.putUpstream(response, head.headers(), ex.principal);
            response.setStatusCode(head.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
            kept.onComplete(done -> {
              if (!response.closed() && !response.ended()) {
                response.end(head.body());
              }
            });
          }
          if (ex.capture != null) {
            ex.capture.answer(head.body());
          }
          // an answer whose client left while the upstream worked: served (its status, its tokens), but nobody got it
          record(ex, head.usage(), head.status(), clientLeft ? -1 : System.nanoTime(), clientLeft ? "client_closed" : "ok",
            null, () -> UsageEstimate.outputTokens(api.format(), head.body()));
          return Future.succeededFuture(null);
        });
    }
    ClientStream stream = new ClientStream(vertx, ex.requestId, ex.ctx.response(), settings,
      new DialectStreamShape(api.format(), ex.request.model(), api.streamContentType(ex.request)));
    if (ex.conversation.watchesStream()) {
      stream.keepBeforeEnding(ex.conversation::written, () -> ex.conversation.answered(candidate, null));
    }
    if (ex.capture != null) {
      stream.watch(ex.capture::answer);
    }
    return stream.attempt(watched, () -> bus.<ProviderHead>request(providerOf(ex), call,
          watched.delivery(settings.upstreamDelivery())).map(Message::body)
          .andThen(head -> {
            if (head.succeeded()) {
              waited(ex, sentNanos, head.result());
            }
          }), ex::recorded,
        headers -> RateLimitHeaders.upstream(headers, ex.principal), false)
      .onSuccess(failed -> {
        if (failed != null || ex.recorded()) {
          return;
        }
        ex.stream = stream;
        RequestMetrics.streamOpened();
        stream.finished().onComplete(end -> RequestMetrics.streamClosed());
        stream.finished().onSuccess(end -> {
          record(ex, end.tally().usage(), end.status(), end.firstByteNanos(), end.outcome(), end.errorClass(),
            end.tally()::estimatedOutputTokens);
        });
      });
  }

  /** Counts the wait for an adapter's answer (a plain request's whole answer) as time not spent in the gateway. */
  private static void waited(Exchange ex, long sentNanos, ProviderHead head) {
    long now = System.nanoTime();
    ex.upstreamWaitNanos += now - sentNanos;
    ex.lastFailureNanos = head.ok() ? -1 : now;
    if (head.ok()) {
      ex.answeredNanos = now;
    }
  }

  /**
   * Every attempt failed: all rate limited is a 429 with the shortest Retry-After; otherwise the last failure's
   * status, with the upstream's own error body when the client may see it, else a message naming the last cause.
   */
  private void answerFailure(Exchange ex, AttemptLoop.Failure failure) {
    ProviderHead head = failure.last();
    ex.candidate = failure.candidate();
    ex.logAccount(failure.candidate());
    HttpServerResponse response = ex.ctx.response();
    RateLimitHeaders.putUpstream(response, head.headers(), ex.principal);
    int status = head.status();
    Buffer body = head.body();
    // a request no account's dialect could carry is the client's error, told as it is: no upstream was asked
    boolean clientFault = head.errorClass() == null && head.errorKind() == ErrorKind.BAD_REQUEST;
    String message = failure.attempts() > 1 && !failure.allRateLimited() && !clientFault
      ? failure.attempts() + " upstream attempts failed; the last: " + head.message() : head.message();
    if (failure.allRateLimited()) {
      status = 429;
      if (failure.shortestWaitMs() >= 0) {
        response.putHeader("retry-after", String.valueOf(RateLimitReset.seconds(failure.shortestWaitMs())));
      }
    }
    ErrorReplies.send(response, status, body != null ? body
      : api.format().errorBody(failure.allRateLimited() ? ErrorKind.RATE_LIMITED : head.errorKind(), message));
    record(ex, Usage.NONE, status, -1, head.errorKind().name(), head.errorClass(), null);
  }

  /** A cheap estimate of a request's tokens for its admission (about 4 bytes a token), reconciled afterwards. */
  private static long requestTokenEstimate(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().buffer() == null ? 0 : ctx.body().buffer().length() / 4;
  }

  /** The adapter for the planned account's provider, on this event loop where it has an instance (see SameLoop). */
  private static String providerOf(Exchange ex) {
    return SameLoop.address(Addresses.provider(ex.candidate.provider()));
  }

  private void record(Exchange ex, Usage usage, int status, long firstByteNanos, String outcome, ErrorClass errorClass,
                      LongSupplier outputTokens) {
    ex.record(bus, api.format(), usage, status, firstByteNanos, outcome, errorClass, outputTokens).onSuccess(used -> {
      if (used == null) {
        return; // recorded before
      }
      accessLog.exchange(ex, api.dialect(), status, used, firstByteNanos, outcome, errorClass);
      if (ex.capture != null && ex.principal != null) {
        ex.capture.send(bus, ex.requestId, ex.startMillis, ex.principal.keyId(), api.dialect(),
          ex.request != null && ex.request.stream(), ex.request == null ? null : ex.request.model());
      }
    });
  }
}

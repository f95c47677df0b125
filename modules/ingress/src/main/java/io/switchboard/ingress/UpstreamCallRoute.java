package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.Admission;
import io.switchboard.api.Candidate;
import io.switchboard.api.ChatRequest;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Principal;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.RateLimitReset;
import io.switchboard.api.RoutePlan;
import io.switchboard.api.RoutePlanRequest;
import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One client call that an upstream answers (chat in any dialect, embeddings, token counting): authenticate, decode,
 * plan, then try the candidate accounts ({@link AttemptLoop}: failover and back-off under the {@link RetryPolicy})
 * until a response has begun; finally record usage. Errors go out in the client's dialect.
 */
final class UpstreamCallRoute {
  private final Vertx vertx;
  private final EventBus bus;
  private final IngressSettings settings;
  private final ClientApi api;

  UpstreamCallRoute(Vertx vertx, IngressSettings settings, ClientApi api) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.settings = settings;
    this.api = api;
  }

  /** State of one client request across its attempts. */
  private final class Exchange {
    final RoutingContext ctx;
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    final String requestId = RequestIds.next(startMillis);
    Principal principal;
    ChatRequest request;
    Candidate candidate;
    BodyCapture capture;

    Exchange(RoutingContext ctx) {
      this.ctx = ctx;
    }
  }

  void handle(RoutingContext ctx) {
    Exchange ex = new Exchange(ctx);
    ctx.response().putHeader("x-request-id", ex.requestId);
    ClientKeys.admit(bus, api, ctx, settings, requestTokenEstimate(ctx))
      .compose(principal -> {
        ex.principal = principal;
        ex.capture = BodyCapture.of(settings.bodies(), principal, ctx.body().buffer(), false);
        RateLimitHeaders.apply(ctx.response(), principal);
        ex.request = api.decode(ctx);
        if (!principal.allows(ex.request.model())) {
          throw new GatewayException(ErrorKind.FORBIDDEN,
            "This API key is not allowed to use the model `" + ex.request.model() + "`.");
        }
        return bus.<RoutePlan>request(Addresses.ROUTE_PLAN,
          new RoutePlanRequest(ex.requestId, ex.request.model(),
            PlanRefusals.reachableKinds(api.providerKinds(), principal), principal.group(),
            SessionKeys.of(principal.keyId(), ctx.request().headers(), ex.request)),
          settings.controlDelivery());
      })
      .compose(plan -> {
        List<Candidate> candidates = plan.body().candidates();
        Buffer local = candidates.isEmpty() ? api.answerWithoutUpstream(ex.request) : null;
        if (local != null) {
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(local);
          record(ex, Usage.NONE, 200, System.nanoTime(), "local", null, null);
          return Future.succeededFuture();
        }
        if (candidates.isEmpty()) {
          throw unavailable(ex, plan.body());
        }
        return new AttemptLoop(vertx, settings.retry(), candidates, ex.startNanos, () -> ctx.response().closed())
          .run(candidate -> attempt(ex, candidate), failure -> answerFailure(ex, failure));
      })
      .onFailure(failure -> {
        GatewayException error = ErrorReplies.classify(failure);
        ErrorReplies.send(ctx.response(), api.format(), error);
        record(ex, Usage.NONE, error.kind().status(), -1, error.kind().name(), providerLost(ex, failure), null);
      });
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

  /** No candidate: the model is unknown, or every account serving it is cooling down (429 with when, or 503). */
  private GatewayException unavailable(Exchange ex, RoutePlan plan) {
    String model = ex.request.model();
    return PlanRefusals.of(plan, ex.ctx.response(), "`" + model + "`", new GatewayException(ErrorKind.MODEL_NOT_FOUND,
      "The model `" + model + "` does not exist or you do not have access to it."));
  }

  /** One attempt at one account: completes with null once the client has its answer, else with the failed head. */
  private Future<ProviderHead> attempt(Exchange ex, Candidate candidate) {
    ex.candidate = candidate;
    ProviderCall call = new ProviderCall(ex.requestId, ex.candidate, ex.request, settings.streamWindowBytes());
    if (!ex.request.stream()) {
      return bus.<ProviderHead>request(Addresses.provider(ex.candidate.providerKind()), call, settings.upstreamDelivery())
        .map(Message::body)
        .compose(head -> {
          if (!head.ok()) {
            return Future.succeededFuture(head);
          }
          HttpServerResponse response = ex.ctx.response();
          putUpstreamHeaders(response, head.headers(), ex.principal);
          response.setStatusCode(head.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(head.body());
          if (ex.capture != null) {
            ex.capture.answer(head.body());
          }
          record(ex, head.usage(), head.status(), System.nanoTime(), "ok", null,
            () -> UsageEstimate.outputTokens(api.format(), head.body()));
          return Future.succeededFuture(null);
        });
    }
    ClientStream stream = new ClientStream(vertx, ex.requestId, ex.ctx.response(), settings,
      new DialectStreamShape(api.format(), ex.request.model(), api.streamContentType(ex.request)));
    stream.capture(ex.capture);
    return stream.attempt(() -> bus.<ProviderHead>request(Addresses.provider(ex.candidate.providerKind()), call,
          settings.upstreamDelivery()).map(Message::body),
        headers -> RateLimitHeaders.upstream(withoutRequestId(headers), ex.principal), false)
      .onSuccess(failed -> {
        if (failed == null) {
          stream.finished().onSuccess(end -> record(ex, end.tally().usage(), end.status(), end.firstByteNanos(),
            end.outcome(), end.errorClass(), end.tally()::estimatedOutputTokens));
        }
      });
  }

  /**
   * Every attempt failed: all rate limited is a 429 with the shortest Retry-After; otherwise the last failure's
   * status, with the upstream's own error body when the client may see it, else a message naming the last cause.
   */
  private void answerFailure(Exchange ex, AttemptLoop.Failure failure) {
    ProviderHead head = failure.last();
    ex.candidate = failure.candidate();
    HttpServerResponse response = ex.ctx.response();
    putUpstreamHeaders(response, head.headers(), ex.principal);
    int status = head.status();
    Buffer body = head.body();
    String message = failure.attempts() > 1 && !failure.allRateLimited()
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

  /**
   * Upstream headers, less its request id (the client sees the gateway's, which names the usage row) and, on keys
   * with limits, less the upstream's rate-limit headers.
   */
  private static void putUpstreamHeaders(HttpServerResponse response, Map<String, String> headers,
                                         Principal principal) {
    RateLimitHeaders.upstream(withoutRequestId(headers), principal).forEach(response::putHeader);
  }

  /** A cheap estimate of a request's tokens for its admission (about 4 bytes a token), reconciled afterwards. */
  private static long requestTokenEstimate(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().buffer() == null ? 0 : ctx.body().buffer().length() / 4;
  }

  static Map<String, String> withoutRequestId(Map<String, String> headers) {
    if (!headers.containsKey("x-request-id")) {
      return headers;
    }
    Map<String, String> copy = new HashMap<>(headers);
    copy.remove("x-request-id");
    return copy;
  }

  /**
   * Records the request's usage (estimating what an upstream that answered did not report, when
   * {@code outputTokens} is given) and releases what its admission held.
   */
  private void record(Exchange ex, Usage usage, int status, long firstByteNanos, String outcome, ErrorClass errorClass,
                      LongSupplier outputTokens) {
    if (ex.principal == null) {
      return; // no key, no account to charge: nothing to record
    }
    long now = System.nanoTime();
    long ttfbMs = firstByteNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(firstByteNanos - ex.startNanos);
    Candidate c = ex.candidate;
    UsageEstimate.Result used = outputTokens == null || ex.request == null
      ? new UsageEstimate.Result(usage == null ? Usage.NONE : usage, false)
      : UsageEstimate.complete(usage, !"ok".equals(outcome), ex.request, api.format(), outputTokens);
    Principal p = ex.principal;
    Admission admission = p.admission();
    UsageReport.send(bus, p, new UsageRecord(ex.requestId, p.keyId(),
      c == null ? null : c.accountId(), ex.request == null ? "" : ex.request.model(),
      c == null ? null : c.upstreamModel(), used.usage(), status,
      TimeUnit.NANOSECONDS.toMillis(now - ex.startNanos), ttfbMs, ex.request != null && ex.request.stream(), outcome,
      errorClass, p.userId(), p.group(), admission != null && admission.onFallback(), ex.startMillis,
      used.estimated(), UsageReport.traffic(ex.ctx, 0)));
    if (ex.capture != null) {
      ex.capture.send(bus, ex.requestId, ex.startMillis, p.keyId(), api.dialect(),
        ex.request != null && ex.request.stream(), ex.request == null ? null : ex.request.model());
    }
  }
}

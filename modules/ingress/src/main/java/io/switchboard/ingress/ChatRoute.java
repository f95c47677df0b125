package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.Admission;
import io.switchboard.api.AdmissionRelease;
import io.switchboard.api.Candidate;
import io.switchboard.api.ChatRequest;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Principal;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.ProviderHead;
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
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A chat request in any client dialect: authenticate, decode, plan, then try the candidate accounts in order,
 * failing over on retryable failures until a response has begun; finally record usage. Errors go out in the
 * client's dialect.
 */
final class ChatRoute {
  private final Vertx vertx;
  private final EventBus bus;
  private final IngressSettings settings;
  private final ClientApi api;

  ChatRoute(Vertx vertx, IngressSettings settings, ClientApi api) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.settings = settings;
    this.api = api;
  }

  /** State of one client request across its attempts. */
  private final class Exchange {
    final RoutingContext ctx;
    final String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    Principal principal;
    ChatRequest request;
    Candidate candidate;

    Exchange(RoutingContext ctx) {
      this.ctx = ctx;
    }
  }

  /** The provider kinds this operation can use and this key may reach; empty means any kind. */
  private List<String> reachableKinds(Principal principal) {
    List<String> operationKinds = api.providerKinds();
    List<String> keyKinds = principal.allowedProviders();
    if (keyKinds.isEmpty()) {
      return operationKinds;
    }
    List<String> reachable = operationKinds.isEmpty() ? keyKinds
      : operationKinds.stream().filter(keyKinds::contains).toList();
    if (reachable.isEmpty()) {
      throw new GatewayException(ErrorKind.FORBIDDEN, "This API key is not allowed to use the providers this request needs.");
    }
    return reachable;
  }

  void handle(RoutingContext ctx) {
    Exchange ex = new Exchange(ctx);
    ctx.response().putHeader("x-request-id", ex.requestId);
    ClientKeys.admit(bus, api, ctx, settings, requestTokenEstimate(ctx))
      .compose(principal -> {
        ex.principal = principal;
        RateLimitHeaders.apply(ctx.response(), principal);
        ex.request = api.decode(ctx);
        if (!principal.allows(ex.request.model())) {
          throw new GatewayException(ErrorKind.FORBIDDEN,
            "This API key is not allowed to use the model `" + ex.request.model() + "`.");
        }
        return bus.<RoutePlan>request(Addresses.ROUTE_PLAN,
          new RoutePlanRequest(ex.requestId, ex.request.model(), reachableKinds(principal), principal.group()),
          settings.controlDelivery());
      })
      .compose(plan -> {
        List<Candidate> candidates = plan.body().candidates();
        Buffer local = candidates.isEmpty() ? api.answerWithoutUpstream(ex.request) : null;
        if (local != null) {
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(local);
          record(ex, Usage.NONE, 200, System.nanoTime(), "local", null);
          return Future.succeededFuture();
        }
        if (candidates.isEmpty()) {
          throw new GatewayException(ErrorKind.MODEL_NOT_FOUND,
            "The model `" + ex.request.model() + "` does not exist or you do not have access to it.");
        }
        return attempt(ex, candidates, 0);
      })
      .onFailure(failure -> {
        GatewayException error = ErrorReplies.classify(failure);
        ErrorReplies.send(ctx.response(), api.format(), failure);
        record(ex, Usage.NONE, error.kind().status(), -1, error.kind().name(), null);
      });
  }

  private Future<Void> attempt(Exchange ex, List<Candidate> candidates, int index) {
    ex.candidate = candidates.get(index);
    ProviderCall call = new ProviderCall(ex.requestId, ex.candidate, ex.request, settings.streamWindowBytes());
    boolean more = index + 1 < candidates.size() && index + 1 < settings.maxAttempts();
    if (!ex.request.stream()) {
      return bus.<ProviderHead>request(Addresses.provider(ex.candidate.providerKind()), call, settings.upstreamDelivery())
        .map(Message::body)
        .compose(head -> {
          if (!head.ok()) {
            return failedAttempt(ex, candidates, index, head, more);
          }
          HttpServerResponse response = ex.ctx.response();
          putUpstreamHeaders(response, head.headers(), ex.principal);
          response.setStatusCode(head.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(head.body());
          record(ex, head.usage(), head.status(), System.nanoTime(), "ok",
            () -> UsageEstimate.outputTokens(api.format(), head.body()));
          return Future.succeededFuture();
        });
    }
    ClientStream stream = new ClientStream(vertx, ex.requestId, ex.ctx.response(), settings.streamWindowBytes(),
      settings.streamIdleTimeoutMs(), api.format(), ex.request.model(), api.streamContentType(ex.request));
    return stream.listen()
      .compose(v -> bus.<ProviderHead>request(Addresses.provider(ex.candidate.providerKind()), call,
        settings.upstreamDelivery()))
      .map(Message::body)
      .recover(failure -> {
        stream.cancelUpstream(); // a late head must not leave an upstream running
        stream.abandon();
        return Future.failedFuture(failure);
      })
      .compose(head -> {
        if (!head.ok()) {
          stream.abandon();
          return failedAttempt(ex, candidates, index, head, more);
        }
        stream.started(RateLimitHeaders.upstream(withoutRequestId(head.headers()), ex.principal));
        if (stream.clientGone()) {
          stream.cancelUpstream();
        }
        stream.finished().onSuccess(end -> record(ex, end.usage(), end.status(), end.firstByteNanos(), end.outcome(),
          () -> stream.capture().outputTokens(api.format())));
        return Future.succeededFuture();
      });
  }

  private Future<Void> failedAttempt(Exchange ex, List<Candidate> candidates, int index, ProviderHead head,
                                     boolean more) {
    if (head.retryable() && more && !ex.ctx.response().closed()) {
      return attempt(ex, candidates, index + 1);
    }
    putUpstreamHeaders(ex.ctx.response(), head.headers(), ex.principal);
    if (head.body() != null) {
      ErrorReplies.send(ex.ctx.response(), head.status(), head.body());
    } else {
      ErrorReplies.send(ex.ctx.response(), head.status(), api.format().errorBody(head.errorKind(), head.message()));
    }
    record(ex, Usage.NONE, head.status(), -1, head.errorKind().name(), null);
    return Future.succeededFuture();
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

  private static Map<String, String> withoutRequestId(Map<String, String> headers) {
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
  private void record(Exchange ex, Usage usage, int status, long firstByteNanos, String outcome,
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
    bus.send(Addresses.USAGE_RECORD, new UsageRecord(ex.requestId, p.keyId(),
      c == null ? null : c.accountId(), ex.request == null ? "" : ex.request.model(),
      c == null ? null : c.upstreamModel(), used.usage(), status,
      TimeUnit.NANOSECONDS.toMillis(now - ex.startNanos), ttfbMs, ex.request != null && ex.request.stream(), outcome,
      p.userId(), p.group(), admission != null && admission.onFallback(), ex.startMillis, used.estimated()));
    if (admission != null && admission.admitted() && (admission.slot() != null || admission.admittedTokens() > 0)) {
      Usage u = used.usage();
      bus.send(Addresses.AUTH_RELEASE, new AdmissionRelease(p.keyId(), admission.slot(), admission.admittedTokens(),
        u.inputTokens() + u.outputTokens()));
    }
  }
}

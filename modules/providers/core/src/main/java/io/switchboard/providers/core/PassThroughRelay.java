package io.switchboard.providers.core;

import io.micrometer.core.instrument.Counter;
import io.switchboard.api.CallReceipt;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.GatewayException;
import io.switchboard.api.InFlight;
import io.switchboard.api.PassThroughCall;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.ProviderKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Serves {@code sb.provider.<kind>.pass}: a request the gateway does not model goes to the account's base URL with
 * the path appended, the client's method, query, headers and body, and the account's credential put on it the
 * provider's way ({@link UpstreamProtocol#authorize}); the client's own credentials never travel this far. A body
 * too large to travel whole follows under credit ({@link UploadPump}); the answer streams back untouched, metered
 * on the side ({@link MeteredRelay}, {@link StreamPump}). Circuit breakers, timeouts and outcomes are those of every
 * attempt; a non-2xx answer is a failed head carrying the upstream's own (scrubbed) body and headers, except a refused
 * credential, which the client never sees (502, and another account is tried). Each call is acknowledged to a
 * clustered ingress ({@link CallReceipt}) and stays open until its answer has streamed ({@link OpenCall}), so a stop
 * drains it like a modelled call.
 */
final class PassThroughRelay {
  /** Never forwarded, whatever the ingress let through: the account's credential is the only one that goes. */
  private static final Set<String> CREDENTIALS = Set.of("authorization", "x-api-key", "api-key", "x-goog-api-key",
    "proxy-authorization", "cookie", "host");
  private final Context context;
  private final HttpClientAgent client;
  private final UpstreamProtocol protocol;
  private final ProviderKind kind;
  private final AccountBreakers breakers;
  private final LongFunction<Future<UpstreamAccount>> accounts;
  private final ProviderSettings settings;
  private final Counter creditStalls;
  private final InFlight inFlight;

  PassThroughRelay(Context context, HttpClientAgent client, UpstreamProtocol protocol, ProviderKind kind,
                   AccountBreakers breakers, LongFunction<Future<UpstreamAccount>> accounts,
                   ProviderSettings settings, Counter creditStalls, InFlight inFlight) {
    this.context = context;
    this.client = client;
    this.protocol = protocol;
    this.kind = kind;
    this.breakers = breakers;
    this.accounts = accounts;
    this.settings = settings;
    this.creditStalls = creditStalls;
    this.inFlight = inFlight;
  }

  void call(Message<PassThroughCall> message) {
    CallReceipt.acknowledge(context.owner().eventBus(), message, settings.node());
    PassThroughCall call = message.body();
    long accountId = call.candidate().accountId();
    if (!breakers.allows(accountId)) {
      message.reply(UpstreamFailures.CIRCUIT_OPEN);
      return;
    }
    OpenCall open = new OpenCall(message, inFlight);
    accounts.apply(accountId)
      .compose(account -> {
        if (account == null) {
          return Future.succeededFuture(UpstreamFailures.ACCOUNT_INACTIVE);
        }
        UpstreamAttempt attempt = new UpstreamAttempt(context.owner(), call.requestId(), call.candidate(), kind,
          settings.timeouts(), breakers::record);
        open.attempt(attempt);
        return attempt.settle(relay(call, account, attempt, open));
      })
      .recover(failure -> Future.succeededFuture(UpstreamFailures.ofThrowable(failure)))
      .onSuccess(open::reply);
  }

  private Future<ProviderHead> relay(PassThroughCall call, UpstreamAccount account, UpstreamAttempt attempt,
                                     OpenCall open) {
    String url = account.baseUrl() + call.path() + (call.query() == null ? "" : "?" + call.query());
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(call.method())).setAbsoluteURI(url);
    call.headers().forEach((name, value) -> {
      if (!CREDENTIALS.contains(name.toLowerCase(Locale.ROOT))) {
        options.putHeader(name, value);
      }
    });
    account.route(options);
    try {
      protocol.authorize(options, url, account, call.moreBody() ? null : call.body());
    } catch (GatewayException refused) {
      return Future.succeededFuture(ProviderHead.failed(refused.kind().status(), refused.kind(),
        refused.getMessage(), null, false).withErrorClass(ErrorClass.CLIENT_ERROR));
    }
    StreamPump pump = new StreamPump(context, call.requestId(), call.creditBytes(), creditStalls, attempt,
      settings.streamIdleTimeoutMs());
    UploadPump[] upload = new UploadPump[1];
    return pump.listen()
      .compose(v -> client.request(options))
      .compose(request -> {
        attempt.attach(request);
        if (!pump.attach(request)) {
          return Future.failedFuture(new StreamCancelled());
        }
        Future<HttpClientResponse> answered;
        if (call.moreBody()) {
          upload[0] = new UploadPump(context.owner().eventBus(), call, request, call.creditBytes());
          answered = upload[0].start();
        } else {
          answered = call.body().length() == 0 ? request.send() : request.send(call.body());
        }
        return answered.compose(response -> head(call, account, attempt, pump, upload[0], response, open));
      })
      // a client that left, or stopped sending its body, is no failure of the upstream: no outcome, no circuit count
      .recover(failure -> Future.failedFuture(pump.cancelled() || upload[0] != null && upload[0].clientStopped()
        ? new StreamCancelled() : failure))
      .onFailure(failure -> {
        pump.abandon();
        if (upload[0] != null) {
          upload[0].stop();
        }
      });
  }

  private Future<ProviderHead> head(PassThroughCall call, UpstreamAccount account, UpstreamAttempt attempt,
                                    StreamPump pump, UploadPump upload, HttpClientResponse response, OpenCall open) {
    attempt.headArrived();
    boolean bodyCut = upload != null && !upload.finished();
    if (bodyCut) {
      upload.stop(); // the upstream answered before it had the whole body: the rest is not wanted
    }
    if (pump.cancelled()) {
      response.request().reset();
      return Future.failedFuture(new StreamCancelled());
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      pump.abandon();
      return failed(response, account, attempt).onComplete(done -> {
        if (bodyCut) {
          response.request().reset();
        }
      });
    }
    pump.accept(response, new MeteredRelay(response.getHeader("content-type"),
      PricedUnits.of(call.path(), call.body(), !call.moreBody())));
    open.streaming(pump);
    context.runOnContext(ignored -> pump.start()); // frames must follow the head: start once it is replied
    return Future.succeededFuture(ProviderHead.streaming(status, UpstreamToClientHeaders.of(response.headers())));
  }

  /**
   * A non-2xx answer: judged as every upstream failure is (retryable, error class, a refused credential hidden), but
   * the client, who speaks this upstream's API, gets its status, headers and body, scrubbed of the credential.
   */
  private Future<ProviderHead> failed(HttpClientResponse response, UpstreamAccount account, UpstreamAttempt attempt) {
    return UpstreamFailures.errorBody(response).map(body -> {
      int status = response.statusCode();
      Map<String, String> headers = UpstreamToClientHeaders.of(response.headers());
      Map<String, String> backOff = UpstreamFailures.backOffHeaders(headers);
      SecretScrubber scrubber = account.scrubber();
      String text = scrubber.scrub(body.toString());
      boolean credentialRefused = protocol.refusesCredential(status, body);
      ProviderHead judged = UpstreamFailures.ofStatus(status, backOff, body, protocol.errorMessage(body), false,
        credentialRefused, scrubber);
      attempt.report(status, judged.errorClass(), backOff, text);
      if (credentialRefused) {
        return judged;
      }
      Buffer passed = textual(headers.get("content-type")) ? Buffer.buffer(text) : body;
      return ProviderHead.failed(status, headers, judged.errorKind(),
        judged.message() == null ? "the upstream answered HTTP " + status : judged.message(), passed,
        judged.retryable()).withErrorClass(judged.errorClass());
    });
  }

  private static boolean textual(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    return type.isEmpty() || type.contains("json") || type.startsWith("text/") || type.contains("xml");
  }
}

package io.switchboard.providers.core;

import io.switchboard.api.Candidate;
import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.GatewayException;
import io.switchboard.api.ProbeRequest;
import io.switchboard.api.ProbeResult;
import io.switchboard.api.ProviderCall;
import io.switchboard.store.Account;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sends one minimal chat request ("ping", a few output tokens) through one account, whatever its status, and says
 * how it went: an admin's test action and the health probes use it. The upstream's own status is reported, with
 * its error message scrubbed of the credential.
 */
final class AccountProbe {
  private static final int MAX_TOKENS = 16;
  private final HttpClientAgent client;
  private final UpstreamProtocol protocol;
  private final Function<Account, UpstreamAccount> unlock;
  private final long timeoutMs;

  AccountProbe(HttpClientAgent client, UpstreamProtocol protocol, Function<Account, UpstreamAccount> unlock,
               long timeoutMs) {
    this.client = client;
    this.protocol = protocol;
    this.unlock = unlock;
    this.timeoutMs = timeoutMs;
  }

  Future<ProbeResult> run(ProbeRequest probe, Account row) {
    if (row == null) {
      return Future.succeededFuture(new ProbeResult(probe.accountId(), probe.model(), false, 0,
        ErrorClass.CLIENT_ERROR, 0, "no account has that id"));
    }
    String model = probe.model() != null ? probe.model() : row.models().isEmpty() ? null : row.models().get(0);
    if (model == null) {
      return Future.succeededFuture(new ProbeResult(row.id(), null, false, 0, ErrorClass.CLIENT_ERROR, 0,
        "the account lists no models: name one to probe"));
    }
    UpstreamAccount account = unlock.apply(row);
    JsonObject body = new JsonObject().put("model", model).put("max_completion_tokens", MAX_TOKENS)
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "ping")));
    ProviderCall call = new ProviderCall("probe-" + UUID.randomUUID(),
      Candidate.of(row.id(), row.name(), row.provider(), row.upstreamName(model)),
      new ChatRequest(Dialect.OPENAI, model, false, false, body), 0);
    long started = System.nanoTime();
    UpstreamProtocol serving = protocol.serving(account, call);
    Buffer upstreamBody;
    try {
      upstreamBody = new DialectBridge(serving, account, call).body();
    } catch (GatewayException cannotConvert) {
      return Future.succeededFuture(new ProbeResult(row.id(), model, false, 0, ErrorClass.CLIENT_ERROR, 0,
        cannotConvert.getMessage()));
    }
    return client.request(account.route(serving.request(account, call, upstreamBody)).setIdleTimeout(timeoutMs))
      .compose(request -> request.send(upstreamBody))
      .compose(response -> response.body().map(answer -> {
        int status = response.statusCode();
        long latencyMs = elapsedMs(started);
        if (status >= 200 && status <= 299) {
          return new ProbeResult(row.id(), model, true, status, null, latencyMs, "answered HTTP " + status);
        }
        String said = serving.errorMessage(answer);
        String message = "answered HTTP " + status + (said == null ? "" : ": " + account.scrubber().scrub(said));
        ErrorClass errorClass = serving.refusesCredential(status, answer) ? ErrorClass.AUTH
          : ErrorClass.ofUpstreamStatus(status);
        return new ProbeResult(row.id(), model, false, status, errorClass, latencyMs, message);
      }))
      .recover(failure -> {
        boolean timedOut = failure.getClass().getSimpleName().contains("Timeout");
        if (failure.getClass().getSimpleName().equals("ConnectTimeoutException")) {
          return Future.succeededFuture(new ProbeResult(row.id(), model, false, 0, ErrorClass.CONNECT_TIMEOUT,
            elapsedMs(started), "the upstream did not accept a connection in time"));
        }
        return Future.succeededFuture(new ProbeResult(row.id(), model, false, 0,
          timedOut ? ErrorClass.TTFB_TIMEOUT : ErrorClass.CONNECT, elapsedMs(started),
          timedOut ? "no answer within " + timeoutMs + " ms" : "the upstream could not be reached"));
      });
  }

  private static long elapsedMs(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }
}

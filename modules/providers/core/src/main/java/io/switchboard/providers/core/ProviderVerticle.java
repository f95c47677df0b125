package io.switchboard.providers.core;

import io.micrometer.core.instrument.Counter;
import io.switchboard.api.Addresses;
import io.switchboard.api.CallReceipt;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.ConfigGeneration;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.InFlight;
import io.switchboard.api.Lookups;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.Operation;
import io.switchboard.api.PassThroughCall;
import io.switchboard.api.ProbeRequest;
import io.switchboard.api.ProbeResult;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.ProviderKind;
import io.switchboard.api.SameLoop;
import io.switchboard.api.Usage;
import io.switchboard.dialects.anthropic.AnthropicTokenCounts;
import io.switchboard.store.Account;
import io.switchboard.store.AccountStore;
import io.switchboard.store.CredentialCipher;
import io.switchboard.store.ProxyUrl;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Base of every provider adapter: serves {@code sb.provider.<kind>}, calls the account's upstream with one
 * pooled HTTP client, answers with a {@link ProviderHead} and relays streams with {@link StreamPump}. Every attempt
 * runs under its timeouts ({@link UpstreamAttempt}), publishes an {@link io.switchboard.api.Outcome} and feeds the
 * account's circuit breaker ({@link AccountBreakers}); an account whose circuit is not closed is not called.
 * Requests the gateway does not model go through {@link PassThroughRelay} on {@code sb.provider.<kind>.pass}.
 * Subclasses supply the {@link UpstreamProtocol}.
 */
public abstract class ProviderVerticle extends VerticleBase {
  /** Ending an open call past the drain deadline is immediate; this only bounds a stop that something holds up. */
  private static final long DRAIN_GRACE_MS = 1000;
  private final Map<Long, UpstreamAccount> accounts = new HashMap<>();
  private final Lookups<Long, UpstreamAccount> reading = new Lookups<>();
  private final ConfigGeneration accountChanges = new ConfigGeneration();
  private HttpClientAgent client;
  private Pool pool;
  private AccountStore store;
  private CredentialCipher cipher;
  private final UpstreamProtocol protocol;
  private Counter creditStalls;
  private AccountProbe probe;
  private AccountBreakers breakers;
  private ProviderSettings settings;
  private final InFlight inFlight = new InFlight();
  private SameLoop.Registration calls;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  private final ProviderKind kind;
  /** The provider name this adapter serves: its kind's wire name, or the name an adapter from a jar serves. */
  private final String provider;

  /** An adapter serving {@code sb.provider.<kind>} with the protocol of that kind. */
  protected ProviderVerticle(ProviderKind kind, UpstreamProtocol protocol) {
    this(kind, kind.wireName(), protocol);
  }

  /**
   * An adapter from a jar ({@link AdapterApi}), serving {@code sb.provider.<provider>} for accounts whose provider is
   * that name; to keys, rules and outcomes it is of kind {@link ProviderKind#EXTERNAL}.
   */
  protected ProviderVerticle(String provider, UpstreamProtocol protocol) {
    this(ProviderKind.EXTERNAL, provider, protocol);
  }

  private ProviderVerticle(ProviderKind kind, String provider, UpstreamProtocol protocol) {
    this.kind = kind;
    this.provider = provider;
    this.protocol = protocol;
  }

  /** The provider name this adapter serves (its address is {@code sb.provider.<provider>}). */
  public final String provider() {
    return provider;
  }

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    try {
      settings = ProviderSettings.from(provider, config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    try {
      // the keyring shared by every verticle of this Vert.x instance: a master-key rotation reaches all at once
      cipher = settings.keys().cipher(vertx);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture("security.masterKey: " + e.getMessage());
    }
    inFlight.countFor(vertx, deploymentID()); // what the deployment agent reports as this deployment's inFlight
    pool = settings.storage().postgres(vertx);
    store = new AccountStore(pool);
    creditStalls = StreamPump.creditStalls();
    client = upstreamClient(settings);
    probe = new AccountProbe(client, protocol, this::unlock, settings.probeTimeoutMs());
    breakers = new AccountBreakers(vertx, settings.limits(), settings.openMs(), accountId -> store.find(accountId)
      .compose(row -> probe.run(new ProbeRequest(accountId, null), row)).map(ProbeResult::ok));
    PassThroughRelay passThrough = new PassThroughRelay(context, client, protocol, kind, breakers, this::account,
      settings, creditStalls, inFlight);
    calls = SameLoop.consumer(vertx, Addresses.provider(provider), this::call);
    consumers.add(vertx.eventBus().<PassThroughCall>consumer(Addresses.providerPassThrough(provider), passThrough::call));
    consumers.add(vertx.eventBus().<ProbeRequest>consumer(Addresses.providerProbe(provider), this::probe));
    consumers.add(vertx.eventBus().<ConfigChanged>consumer(Addresses.CONFIG_CHANGED, this::configChanged));
    return Future.join(calls.completion(), Future.join(consumers.stream().map(MessageConsumer::completion).toList()));
  }

  /** The one pooled client every upstream call of this instance goes through. */
  private HttpClientAgent upstreamClient(ProviderSettings settings) {
    return vertx.httpClientBuilder()
      .with(new HttpClientOptions()
        .setConnectTimeout(settings.connectTimeoutMs())
        .setIdleTimeout(settings.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setDecompressionSupported(false))
      .with(new PoolOptions().setHttp1MaxSize(settings.maxPoolSize()))
      .withConnectHandler(ChunkCoalescer::install)
      .build();
  }

  /**
   * Takes no new calls (its consumers go first, so the bus sends new calls to the other instances, on any node), lets
   * the open ones finish (streams relayed to their end) for {@code providers.drainSeconds} (or until the node's stop
   * deadline, if sooner), ends the rest ({@link OpenCall}), then closes the upstream client: the one drain that scaling
   * down, redeploy, undeploy and a node's stop all use.
   */
  @Override
  public Future<?> stop() {
    if (breakers == null) {
      // start() failed before it opened anything (bad settings): Vert.x still stops the instance on its way back
      return pool == null ? Future.succeededFuture() : pool.close();
    }
    return Future.join(calls.unregister(), Future.join(consumers.stream().map(MessageConsumer::unregister).toList()))
      .transform(unregistered -> inFlight.drain(vertx, settings.drainMs(), DRAIN_GRACE_MS))
      .transform(drained -> {
        breakers.close();
        return Future.join(client.close(), pool.close());
      });
  }

  private void configChanged(Message<ConfigChanged> message) {
    ConfigChanged change = message.body();
    if (ConfigChanged.ACCOUNT.equals(change.entity())) {
      accountChanges.advance();
      if (change.id() == null) {
        accounts.clear();
        reading.clear();
      } else {
        accounts.remove(change.id());
        reading.forget(change.id());
      }
    }
  }

  private void call(Message<ProviderCall> message) {
    CallReceipt.acknowledge(vertx.eventBus(), message, settings.node()); // a clustered ingress learns which node serves it
    ProviderCall call = message.body();
    long accountId = call.candidate().accountId();
    if (!breakers.allows(accountId)) {
      message.reply(UpstreamFailures.CIRCUIT_OPEN);
      return;
    }
    OpenCall open = new OpenCall(message, inFlight);
    account(accountId)
      .compose(account -> account == null ? Future.succeededFuture(UpstreamFailures.ACCOUNT_INACTIVE)
        : countsLocally(call, account) ? Future.succeededFuture(ProviderHead.complete(200,
            Map.of(AnthropicTokenCounts.HEADER, AnthropicTokenCounts.ESTIMATED),
            AnthropicTokenCounts.estimate(call.request().body()), Usage.NONE))
        : send(call, account, open),
        unread -> Future.succeededFuture(UpstreamFailures.ACCOUNT_UNREADABLE)) // not the upstream's failure
      .recover(failure -> Future.succeededFuture(UpstreamFailures.ofThrowable(failure)))
      .onSuccess(open::reply);
  }

  /** A token count on an account whose upstream cannot count ({@code options.countTokens: false}): estimated here. */
  private static boolean countsLocally(ProviderCall call, UpstreamAccount account) {
    return call.request().operation() == Operation.COUNT_TOKENS
      && Boolean.FALSE.equals(account.options().getValue("countTokens"));
  }

  /**
   * A request this account's dialect cannot carry (the converter refuses the client's body) is the client's error,
   * answered before any upstream is asked, and retryable: another account, one that gets the body as sent, may take
   * it. No attempt is started for it, so no timer runs and no outcome is reported.
   */
  private Future<ProviderHead> send(ProviderCall call, UpstreamAccount account, OpenCall open) {
    UpstreamProtocol serving = protocol.serving(account, call);
    DialectBridge bridge;
    Buffer body;
    try {
      bridge = new DialectBridge(serving, account, call);
      body = bridge.body();
    } catch (GatewayException clientFault) {
      return Future.succeededFuture(ProviderHead.failed(clientFault.kind().status(), clientFault.kind(),
        clientFault.getMessage(), null, true));
    }
    UpstreamAttempt attempt = new UpstreamAttempt(vertx, call.requestId(), call.candidate(), kind,
      settings.timeouts(), breakers::record);
    open.attempt(attempt);
    return attempt.settle(call.request().stream() ? stream(call, account, attempt, serving, bridge, body, open)
      : whole(call, account, attempt, serving, bridge, body));
  }

  /** A call answered in one piece: the whole upstream answer, converted for the client, is the head. */
  private Future<ProviderHead> whole(ProviderCall call, UpstreamAccount account, UpstreamAttempt attempt,
                                     UpstreamProtocol serving, DialectBridge bridge, Buffer body) {
    return client.request(account.route(serving.request(account, call, body))).compose(request -> {
      attempt.attach(request);
      return request.send(body).compose(response -> {
        attempt.headArrived();
        int status = response.statusCode();
        if (status < 200 || status > 299) {
          return errorHead(response, account, attempt, serving).map(bridge::error);
        }
        return WholeBody.of(response, settings.maxAnswerBytes(), settings.heldAnswerBytes()).map(full -> {
          attempt.report(status, null, Map.of(), null);
          return bridge.complete(status, UpstreamToClientHeaders.of(response.headers()), full);
        }).recover(failure -> failure instanceof WholeBody.TooLarge tooLarge ? Future.succeededFuture(
          tooLarge(status, tooLarge, attempt)) : failure instanceof WholeBody.OverBudget overBudget
          ? Future.succeededFuture(overBudget(status, overBudget, attempt)) : Future.failedFuture(failure));
      });
    });
  }

  /**
   * An answer too large to hold (its head said 2xx): an answer the gateway cannot take, as one it cannot convert
   * ({@code client_error}: its size comes from the request, not from the account's health, so the account's circuit
   * does not count it), and not tried on another account, which would be asked the same and answer alike.
   */
  private ProviderHead tooLarge(int status, WholeBody.TooLarge tooLarge, UpstreamAttempt attempt) {
    attempt.report(status, ErrorClass.CLIENT_ERROR, Map.of(), null);
    return ProviderHead.failed(502, ErrorKind.UPSTREAM_ERROR, tooLarge.getMessage() + " (the adapter's maxAnswerBytes)",
      null, false).withErrorClass(ErrorClass.CLIENT_ERROR);
  }

  /**
   * An answer refused because the answers being read hold as much as the heap allows: 503 with Retry-After, counted
   * ({@code sb_refused_total{reason="answer_memory"}}), an error of this gateway's, not the account's (so, like
   * {@link #tooLarge}, {@code client_error}, which its circuit does not count), and not tried on another account,
   * whose answer would be held in the same heap.
   */
  private ProviderHead overBudget(int status, WholeBody.OverBudget overBudget, UpstreamAttempt attempt) {
    attempt.report(status, ErrorClass.CLIENT_ERROR, Map.of(), null);
    GatewayMetrics.refused("answer_memory");
    return ProviderHead.failed(503, Map.of("retry-after", "1"), ErrorKind.UNAVAILABLE, overBudget.getMessage(), null,
      false).withErrorClass(ErrorClass.CLIENT_ERROR);
  }

  /** A streamed call: the head as soon as the upstream's status arrives, then frames from a {@link StreamPump}. */
  private Future<ProviderHead> stream(ProviderCall call, UpstreamAccount account, UpstreamAttempt attempt,
                                      UpstreamProtocol serving, DialectBridge bridge, Buffer body, OpenCall open) {
    // a stream listens for cancel before the upstream is even asked, so an impatient client can stop it
    StreamPump pump = new StreamPump(context, call.requestId(), call.creditBytes(), creditStalls, attempt,
      settings.streamIdleTimeoutMs());
    return pump.listen()
      .compose(v -> client.request(account.route(serving.request(account, call, body))))
      .compose(request -> {
        attempt.attach(request);
        if (!pump.attach(request)) {
          return Future.failedFuture(new StreamCancelled());
        }
        return request.send(body).compose(response -> {
          attempt.headArrived();
          int status = response.statusCode();
          if (pump.cancelled()) {
            response.request().reset();
            return Future.failedFuture(new StreamCancelled());
          }
          if (status < 200 || status > 299) {
            pump.abandon();
            return errorHead(response, account, attempt, serving).map(bridge::error);
          }
          pump.accept(response, bridge.stream(account.scrubber()));
          open.streaming(pump);
          context.runOnContext(ignored -> pump.start()); // frames must follow the head: start once it is replied
          return Future.succeededFuture(ProviderHead.streaming(status, UpstreamToClientHeaders.of(response.headers())));
        });
      })
      // the reset of a request the client abandoned is not the upstream failing: no outcome, no circuit count
      .recover(failure -> Future.failedFuture(pump.cancelled() ? new StreamCancelled() : failure))
      .onFailure(failure -> pump.abandon());
  }

  private Future<ProviderHead> errorHead(HttpClientResponse response, UpstreamAccount account,
                                         UpstreamAttempt attempt, UpstreamProtocol serving) {
    return UpstreamFailures.errorBody(response).map(body -> {
      Map<String, String> backOff = UpstreamFailures.backOffHeaders(UpstreamToClientHeaders.of(response.headers()));
      SecretScrubber scrubber = account.scrubber();
      ProviderHead head = UpstreamFailures.ofStatus(response.statusCode(), backOff, body, serving.errorMessage(body),
        serving.format().errorMessage(body) != null, serving.refusesCredential(response.statusCode(), body),
        scrubber);
      attempt.report(response.statusCode(), head.errorClass(), backOff, scrubber.scrub(body.toString()));
      return head;
    });
  }

  private void probe(Message<ProbeRequest> message) {
    store.find(message.body().accountId())
      .compose(row -> probe.run(message.body(), row))
      .onSuccess(result -> {
        if (result.ok()) {
          breakers.probeSucceeded(result.accountId());
        }
        message.reply(result);
      })
      .onFailure(failure -> message.fail(ErrorKind.UNAVAILABLE.status(), "the account could not be read"));
  }

  /** The row with its credential and proxy decrypted, ready to call. */
  private UpstreamAccount unlock(Account row) {
    String credential = row.credential() == null ? "" : cipher.decrypt(row.credential());
    byte[] proxy = row.effectiveProxy();
    return new UpstreamAccount(row.id(), row.name(), row.baseUrl(), credential, row.options(),
      proxy == null ? null : ProxyUrl.parse(cipher.decrypt(proxy)), row.headers());
  }

  /**
   * Not switched off by an admin (disabled, banned). Health states (rate_limited, overloaded, invalid) are the
   * scheduler's to route around; an attempt the ingress makes anyway (a retry after the upstream's Retry-After) goes.
   */
  private static boolean callable(Account row) {
    return !"disabled".equals(row.status()) && !"banned".equals(row.status());
  }

  private Future<UpstreamAccount> account(long id) {
    UpstreamAccount cached = accounts.get(id);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return reading.of(id, () -> read(id));
  }

  /** Reads an account, once however many of its calls miss the cache meanwhile ({@link Lookups}), and caches it. */
  private Future<UpstreamAccount> read(long id) {
    long began = accountChanges.current();
    return store.find(id).map(row -> {
      if (row == null || !callable(row)) {
        return null;
      }
      UpstreamAccount account = unlock(row);
      if (accountChanges.unchangedSince(began)) { // else a disable or new credential may have come after the read
        accounts.put(id, account);
      }
      return account;
    });
  }
}

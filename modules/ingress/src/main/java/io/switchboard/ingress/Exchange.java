package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.Admission;
import io.switchboard.api.AdmissionRelease;
import io.switchboard.api.Candidate;
import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.HeldBytes;
import io.switchboard.api.InFlight;
import io.switchboard.api.Principal;
import io.switchboard.api.RequestLog;
import io.switchboard.api.SameLoop;
import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request from its head to its usage row: who sent it, what it asks, which account is trying it, the
 * stream answering it. It is in flight (a stop waits for it) until {@link #record} has sent its row, which happens
 * once however the request ends.
 */
class Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
  final RoutingContext ctx;
  /**
   * The calls in flight in this process, on every route that calls an upstream, from their head until they leave;
   * under {@code http.maxCallsInFlight}. Each holds its connections' state, its body and its answer's buffers: past
   * some thousands at once the README's 112 MiB heap ran out and the event loop died.
   */
  static final AtomicInteger CALLS = new AtomicInteger();
  /** The route as declared (a metric label) and the client's dialect. */
  final String route;
  final Dialect dialect;
  final long startNanos = System.nanoTime();
  final long startMillis = System.currentTimeMillis();
  final RequestIdentity identity;
  /** The gateway's own id: names the usage row and the stream (see {@link RequestIdentity}). */
  final String requestId;
  /** The request's own context, where its log lives. */
  private final Context context = Vertx.currentContext();
  private RequestLog log;
  Principal principal;
  /** The id its key is remembered under once found good ({@link RecentKeys}); modelled routes only. */
  String recentKey;
  ChatRequest request;
  /** The Responses conversation this request continues or starts (a no-op for the other dialects). */
  Conversation conversation;
  Candidate candidate;
  /** The attempt streaming the answer, once one has its head. */
  ClientStream stream;
  /** The bodies kept of this request, or null (its key does not capture them). */
  BodyCapture capture;
  /** Runs while the body is being read. */
  long bodyTimer = -1;
  /** When the body had been read (-1 before): the gateway's own time starts here. */
  long bodyReadNanos = -1;
  /** What its body counts among those held ({@link UpstreamCallRoute#BODIES}) until it leaves. */
  private final HeldBytes.Holder heldBody = UpstreamCallRoute.BODIES.holder();
  /** Whether it counts among {@link #CALLS}. */
  private boolean counted;
  /** Time spent waiting for adapters' answers to calls, and between attempts (back-off). */
  long upstreamWaitNanos;
  /** When the last failed attempt's answer came (-1: none yet), so the wait until the next attempt is counted. */
  long lastFailureNanos = -1;
  /** When an adapter's successful answer (a stream's head, a plain request's whole answer) arrived; -1: none did. */
  long answeredNanos = -1;
  private InFlight.Work work;
  private boolean recorded;

  Exchange(RoutingContext ctx, String route, Dialect dialect) {
    this.ctx = ctx;
    this.route = route;
    this.dialect = dialect;
    this.identity = RequestIdentity.of(ctx);
    this.requestId = identity.requestId();
    RequestLog bound = RequestLog.current();
    this.log = bound != null ? bound : RequestLog.of(identity.publicId());
  }

  /** The key is known: the request's log lines name it from now on (its id, never the key). */
  void logKey(Principal known) {
    relog(log.withKey(known.keyId()));
  }

  /** The request is decoded and its names checked: its log lines name the model. */
  void logModel() {
    relog(log.withModel(request.model()));
  }

  /** An account is being tried: the log lines name it, and so do the messages sent to the provider. */
  void logAccount(Candidate tried) {
    relog(log.withAccount(tried.accountId()));
  }

  private void relog(RequestLog next) {
    log = next;
    RequestLog.bind(context, next);
  }

  /** Counts this exchange in flight until it is recorded; {@code endNow} ends it when a stop runs out of time. */
  void track(InFlight inFlight, Runnable endNow) {
    work = inFlight.open(endNow);
  }

  /**
   * A stop ran out of time with this exchange in flight: its stream ends with an in-band error (and is recorded
   * when it has ended), or a request still waiting is answered 503 in {@code format}; true in that case, which the
   * caller records.
   */
  boolean stopNow(Vertx vertx, WireFormat format) {
    if (recorded) {
      return false; // answered: its row is on its way, its end too (a kept Responses answer waits for its save)
    }
    if (stream != null) {
      stream.shutDown("The gateway is shutting down; the answer was cut short.");
      return false;
    }
    vertx.cancelTimer(bodyTimer);
    ErrorReplies.send(ctx.response(), format,
      new GatewayException(ErrorKind.UNAVAILABLE, "The gateway is shutting down; please retry."));
    return true;
  }

  /**
   * The body is about to be read, under {@code bodyTimer}: a client that leaves before {@link #bodyRead()} is refused
   * at once by {@code refuse} with {@link #clientLeft()}, the timer cancelled. Vert.x may never end nor fail a request
   * whose connection closed while it was paused (the body left unread in the socket until the key was known): such a
   * request stayed in flight until the body's time limit, then was refused as a body that never came. True when the
   * client has left already: the caller reads nothing.
   */
  boolean refuseIfClientLeaves(Vertx vertx, Consumer<GatewayException> refuse) {
    Runnable left = () -> {
      vertx.cancelTimer(bodyTimer);
      refuse.accept(clientLeft());
    };
    ctx.response().closeHandler(v -> left.run());
    if (ctx.response().closed()) {
      left.run();
      return true;
    }
    return false;
  }

  /** The body has been read: a client leaving from now on is the call's or the stream's to notice. */
  void bodyRead() {
    ctx.response().closeHandler(null);
  }

  /** The refusal of a request whose client left before it could be answered (its body unread, or its call unsent). */
  static GatewayException clientLeft() {
    return new GatewayException(ErrorKind.BAD_REQUEST, "the client left");
  }

  /** The refusal of a body that did not arrive within {@code bodyTimeoutMs} (counted): 408. */
  static GatewayException bodyTimedOut(long bodyTimeoutMs) {
    GatewayMetrics.refused("body_timeout");
    return new GatewayException(ErrorKind.REQUEST_TIMEOUT, "The request body did not arrive within " + bodyTimeoutMs
      + " ms.");
  }

  boolean recorded() {
    return recorded;
  }

  /**
   * Ends the exchange, once: it is counted in the request metrics (by {@code outcome}, with the first byte at
   * {@code firstByteNanos}, -1: none went out), and stays in flight until its row has been sent ({@link #leave}).
   * False when it had ended before. The request's log is bound to the context this runs on (a stream ends on a
   * frame's), for the lines about its end.
   */
  boolean finish(String outcome, long firstByteNanos, String model) {
    if (recorded) {
      return false;
    }
    recorded = true;
    RequestLog.bind(log);
    long now = System.nanoTime();
    RequestMetrics.finished(route, dialect, candidate, model, outcome, startNanos, firstByteNanos, now,
      candidate == null || bodyReadNanos < 0 ? -1
        : Math.max(0, (answeredNanos < 0 ? now : answeredNanos) - bodyReadNanos - upstreamWaitNanos));
    return true;
  }

  /** The exchange's row has been sent (or it has none): it leaves the in-flight set, so a stop need not wait for it. */
  void leave() {
    if (work != null) {
      work.finished();
    }
    if (counted) {
      counted = false;
      CALLS.decrementAndGet();
    }
    heldBody.release();
  }

  /**
   * Counts the call among those in flight in this process ({@link #CALLS}) until it leaves; false, with nothing
   * counted, when {@code max} are in flight already. A call answered already (the gateway stopping while its key was
   * checked) has left, and counts nothing: the caller's own check of {@link #recorded} ends it.
   */
  boolean enter(int max) {
    if (recorded) {
      return true;
    }
    if (CALLS.incrementAndGet() > max) {
      CALLS.decrementAndGet();
      return false;
    }
    counted = true;
    return true;
  }

  /** The refusal of a call that {@link #enter} could not count (counted): 503 with {@code Retry-After: 1}. */
  GatewayException tooManyCalls(int max) {
    return refusal("calls_in_flight", "The gateway is serving as many calls at once as it may (" + max
      + ", http.maxCallsInFlight); please retry shortly.");
  }

  /**
   * Counts {@code bytes} more of its body among those held ({@link UpstreamCallRoute#BODIES}) until it leaves; false,
   * with nothing counted, when that would pass {@code bound} while other bodies are held. Once it has left, what of
   * its body still arrives is dropped with it and not counted.
   */
  boolean holdBody(long bytes, long bound) {
    return heldBody.hold(bytes, bound);
  }

  /** The refusal of a body that {@link #holdBody} could not count (counted): 503 with {@code Retry-After: 1}. */
  GatewayException bodiesFull(long bound) {
    return refusal("body_memory", "The gateway is holding as many request bodies as it may (" + bound
      + " bytes, http.heldBodyBytes); please retry shortly.");
  }

  /** A refusal for want of room, counted under {@code reason}: 503, to be tried again in a second. */
  private GatewayException refusal(String reason, String message) {
    GatewayMetrics.refused(reason);
    ctx.response().putHeader("retry-after", "1");
    return new GatewayException(ErrorKind.UNAVAILABLE, message);
  }

  /**
   * Records the request's usage, once (estimating what an upstream that answered did not report, when
   * {@code outputTokens} is given, on a worker thread), releases what its admission held, and leaves the in-flight
   * set. A request no key was admitted for has no row. Answers the usage recorded (none without a key), or null when
   * it was recorded before.
   */
  Future<Usage> record(EventBus bus, WireFormat format, Usage usage, int status, long firstByteNanos, String outcome,
                       ErrorClass errorClass, LongSupplier outputTokens) {
    if (!finish(outcome, firstByteNanos, request == null ? null : request.model())) {
      return Future.succeededFuture();
    }
    if (principal == null) {
      leave();
      return Future.succeededFuture(Usage.NONE); // no key, no account to charge: nothing to record
    }
    long now = System.nanoTime();
    UsageEstimate.Result reported = new UsageEstimate.Result(usage == null ? Usage.NONE : usage, false);
    // cut short: the client got part of an answer (its first byte went out), counted where it is more than reported;
    // an answer nobody got (its client left before it was written) is charged as the upstream reported it
    boolean cutShort = !"ok".equals(outcome) && firstByteNanos >= 0;
    Future<UsageEstimate.Result> estimated = outputTokens == null || request == null ? Future.succeededFuture(reported)
      : UsageEstimate.complete(ctx.vertx(), usage, cutShort, request, format, outputTokens);
    return estimated
      .otherwise(failure -> {
        LOG.warn("usage could not be estimated, recorded as reported: {}", failure.toString());
        return reported;
      })
      .map(used -> {
        try {
          send(bus, used, status, now, firstByteNanos, outcome, errorClass);
        } finally {
          leave();
        }
        return used.usage();
      });
  }

  private void send(EventBus bus, UsageEstimate.Result used, int status, long now, long firstByteNanos,
                    String outcome, ErrorClass errorClass) {
    long ttfbMs = firstByteNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(firstByteNanos - startNanos);
    Candidate c = candidate;
    Principal p = principal;
    Admission admission = p.admission();
    bus.send(SameLoop.address(Addresses.USAGE_RECORD), new UsageRecord(requestId, p.keyId(),
      c == null ? null : c.accountId(), request == null ? "" : request.model(),
      c == null ? null : c.upstreamModel(), used.usage(), status,
      TimeUnit.NANOSECONDS.toMillis(now - startNanos), ttfbMs, request != null && request.stream(), outcome,
      errorClass, p.userId(), p.group(), admission != null && admission.onFallback(), startMillis,
      used.estimated(), UsageReport.traffic(ctx, 0)));
    release(bus, used.usage());
  }

  /** Gives back what the admission held (a concurrency slot, tokens counted ahead), counting what was used. */
  void release(EventBus bus, Usage used) {
    Admission admission = principal == null ? null : principal.admission();
    if (admission != null && admission.admitted() && (admission.slot() != null || admission.admittedTokens() > 0)) {
      bus.send(SameLoop.address(Addresses.AUTH_RELEASE), new AdmissionRelease(principal.keyId(), admission.slot(),
        admission.admittedTokens(), used.inputTokens() + used.outputTokens()));
    }
  }
}

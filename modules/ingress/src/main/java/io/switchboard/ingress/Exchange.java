package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.Admission;
import io.switchboard.api.AdmissionRelease;
import io.switchboard.api.Candidate;
import io.switchboard.api.ChatRequest;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.InFlight;
import io.switchboard.api.Principal;
import io.switchboard.api.RequestLog;
import io.switchboard.api.Usage;
import io.switchboard.api.UsageRecord;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One client request from its head to its usage row: who sent it, what it asks, which account is trying it, the
 * stream answering it. It is in flight (a stop waits for it) until {@link #record} has sent its row, which happens
 * once however the request ends.
 */
final class Exchange {
  final RoutingContext ctx;
  final long startNanos = System.nanoTime();
  final long startMillis = System.currentTimeMillis();
  final RequestIdentity identity;
  /** The gateway's own id: names the usage row and the stream (see {@link RequestIdentity}). */
  final String requestId;
  /** The request's own context, where its log lives. */
  private final Context context = Vertx.currentContext();
  private RequestLog log;
  Principal principal;
  ChatRequest request;
  /** The Responses conversation this request continues or starts (a no-op for the other dialects). */
  Conversation conversation;
  Candidate candidate;
  /** The attempt streaming the answer, once one has its head. */
  ClientStream stream;
  /** Runs while the body is being read. */
  long bodyTimer = -1;
  private InFlight.Work work;
  private boolean recorded;

  Exchange(RoutingContext ctx) {
    this.ctx = ctx;
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

  boolean recorded() {
    return recorded;
  }

  /**
   * Records the request's usage, once (estimating what an upstream that answered did not report, when
   * {@code outputTokens} is given), releases what its admission held, and leaves the in-flight set. A request no key
   * was admitted for has no row. Answers the usage recorded (none without a key), or null when it was recorded
   * before. The request's log is bound to the context this runs on (a stream ends on a frame's), for the lines
   * about its end.
   */
  Usage record(EventBus bus, WireFormat format, Usage usage, int status, long firstByteNanos, String outcome,
               ErrorClass errorClass, LongSupplier outputTokens) {
    if (recorded) {
      return null;
    }
    recorded = true;
    if (work != null) {
      work.finished();
    }
    RequestLog.bind(log);
    if (principal == null) {
      return Usage.NONE; // no key, no account to charge: nothing to record
    }
    long now = System.nanoTime();
    long ttfbMs = firstByteNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(firstByteNanos - startNanos);
    Candidate c = candidate;
    UsageEstimate.Result used = outputTokens == null || request == null
      ? new UsageEstimate.Result(usage == null ? Usage.NONE : usage, false)
      : UsageEstimate.complete(usage, !"ok".equals(outcome), request, format, outputTokens);
    Principal p = principal;
    Admission admission = p.admission();
    bus.send(Addresses.USAGE_RECORD, new UsageRecord(requestId, p.keyId(),
      c == null ? null : c.accountId(), request == null ? "" : request.model(),
      c == null ? null : c.upstreamModel(), used.usage(), status,
      TimeUnit.NANOSECONDS.toMillis(now - startNanos), ttfbMs, request != null && request.stream(), outcome,
      errorClass, p.userId(), p.group(), admission != null && admission.onFallback(), startMillis,
      used.estimated()));
    release(bus, used.usage());
    return used.usage();
  }

  /** Gives back what the admission held (a concurrency slot, tokens counted ahead), counting what was used. */
  void release(EventBus bus, Usage used) {
    Admission admission = principal == null ? null : principal.admission();
    if (admission != null && admission.admitted() && (admission.slot() != null || admission.admittedTokens() > 0)) {
      bus.send(Addresses.AUTH_RELEASE, new AdmissionRelease(principal.keyId(), admission.slot(),
        admission.admittedTokens(), used.inputTokens() + used.outputTokens()));
    }
  }
}

package io.switchboard.ingress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.switchboard.api.Candidate;
import io.switchboard.api.Dialect;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.LabelValues;
import io.switchboard.api.ProviderKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client-side meters of every finished request: {@code sb_requests_total} by route, dialect, provider kind, model,
 * account and outcome; latency, time to first byte and gateway overhead histograms; streams open; failovers and
 * retries. Meters are looked up by their tag tuple, so a request allocates no meter. Models and accounts are labelled
 * by name only when the scheduler named an account for the request (so they exist), at most {@link #MAX_NAMES} each.
 */
final class RequestMetrics {
  static final int MAX_NAMES = 200;
  private static final LabelValues MODELS = new LabelValues(MAX_NAMES);
  private static final LabelValues ACCOUNTS = new LabelValues(MAX_NAMES);
  private static final Duration[] LATENCY_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
  private static final Duration[] OVERHEAD_BUCKETS = seconds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
    0.25, 1);
  private static final Map<RequestTags, Counter> REQUESTS = new ConcurrentHashMap<>();
  private static final Map<TimerTags, Timer> DURATIONS = new ConcurrentHashMap<>();
  private static final Map<TimerTags, Timer> FIRST_BYTES = new ConcurrentHashMap<>();
  private static final Map<String, Timer> OVERHEADS = new ConcurrentHashMap<>();
  private static final Map<ProviderKind, Counter> FAILOVERS = new EnumMap<>(ProviderKind.class);
  private static final Map<ProviderKind, Counter> RETRIES = new EnumMap<>(ProviderKind.class);
  private static final AtomicLong STREAMS = new AtomicLong();

  static {
    for (ProviderKind kind : ProviderKind.values()) {
      FAILOVERS.put(kind, Counter.builder("sb.upstream.failovers").tag("provider", kind.wireName())
        .description("attempts moved to the next account after a retryable failure").register(GatewayMetrics.registry()));
      RETRIES.put(kind, Counter.builder("sb.upstream.retries").tag("provider", kind.wireName())
        .description("accounts tried again after a back-off").register(GatewayMetrics.registry()));
    }
    Gauge.builder("sb.streams.active", STREAMS, AtomicLong::get).description("client streams being relayed now")
      .register(GatewayMetrics.registry());
  }

  private record RequestTags(String route, Dialect dialect, String provider, String model, String account,
                             String outcome) {
  }

  private record TimerTags(String route, String provider) {
  }

  private RequestMetrics() {
  }

  /** Loads the class: its meters that exist before any request ({@code sb_streams_active}, ...) are present at 0. */
  static void register() {
  }

  /**
   * One request finished: {@code firstByteNanos} when its first byte (or whole answer) went out, -1 when none did;
   * {@code overheadNanos} the time it spent in the gateway rather than waiting for an upstream, -1 when no upstream
   * was tried.
   */
  static void finished(String route, Dialect dialect, Candidate candidate, String model, String outcome,
                       long startNanos, long firstByteNanos, long endNanos, long overheadNanos) {
    String provider = candidate == null ? LabelValues.NONE : candidate.provider();
    String modelLabel = candidate == null ? MODELS.of(model) : MODELS.known(model);
    String account = candidate == null ? LabelValues.NONE : ACCOUNTS.known(candidate.accountName());
    REQUESTS.computeIfAbsent(new RequestTags(route, dialect, provider, modelLabel, account, outcome),
      RequestMetrics::requestCounter).increment();
    TimerTags timed = new TimerTags(route, provider);
    DURATIONS.computeIfAbsent(timed, tags -> timer("sb.request.duration", tags, LATENCY_BUCKETS,
      "from the request's head to its last byte")).record(endNanos - startNanos, TimeUnit.NANOSECONDS);
    if (firstByteNanos >= 0) {
      FIRST_BYTES.computeIfAbsent(timed, tags -> timer("sb.request.ttfb", tags, LATENCY_BUCKETS,
        "from the request's head to the first byte of its answer")).record(firstByteNanos - startNanos,
        TimeUnit.NANOSECONDS);
    }
    if (overheadNanos >= 0) {
      OVERHEADS.computeIfAbsent(route, r -> Timer.builder("sb.gateway.overhead").tag("route", r)
          .description("time a request spent in the gateway before its first byte, not waiting for an upstream")
          .serviceLevelObjectives(OVERHEAD_BUCKETS).register(GatewayMetrics.registry()))
        .record(overheadNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The attempt failed and the next account is tried at once. */
  static void failover(Candidate from) {
    FAILOVERS.get(from.providerKind()).increment();
  }

  /** An account already tried is tried again, after its back-off. */
  static void retry(Candidate account) {
    RETRIES.get(account.providerKind()).increment();
  }

  static void streamOpened() {
    STREAMS.incrementAndGet();
  }

  static void streamClosed() {
    STREAMS.decrementAndGet();
  }

  private static Counter requestCounter(RequestTags tags) {
    return Counter.builder("sb.requests").description("finished client requests")
      .tag("route", tags.route()).tag("dialect", tags.dialect() == null ? LabelValues.NONE // a pass-through body is the upstream's own
        : tags.dialect().name().toLowerCase(Locale.ROOT))
      .tag("provider", tags.provider()).tag("model", tags.model()).tag("account", tags.account())
      .tag("outcome", tags.outcome().toLowerCase(Locale.ROOT)).register(GatewayMetrics.registry());
  }

  private static Timer timer(String name, TimerTags tags, Duration[] buckets, String description) {
    return Timer.builder(name).tag("route", tags.route()).tag("provider", tags.provider()).description(description)
      .serviceLevelObjectives(buckets).register(GatewayMetrics.registry());
  }

  private static Duration[] seconds(double... values) {
    Duration[] buckets = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      buckets[i] = Duration.ofNanos((long) (values[i] * 1e9));
    }
    return buckets;
  }
}

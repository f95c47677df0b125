package io.switchboard.api;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The process-wide meter registry every role records into, scraped in Prometheus format at {@code /metrics}, and
 * the counters of faults every role shares: requests refused by a timeout or a bound, and storage errors. The roles
 * record through a composite over the Prometheus registry, so that what the start's warm-up does can be recorded
 * nowhere ({@link #recordNowhere}) while the meters it makes stay the ones later requests use.
 */
public final class GatewayMetrics {
  private static final PrometheusMeterRegistry PROMETHEUS = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private static final CompositeMeterRegistry REGISTRY = new CompositeMeterRegistry(Clock.SYSTEM, List.of(PROMETHEUS));
  /** The refusal reasons the roles record: present at 0 from the start, so a rate over them is never empty. */
  static final List<String> REFUSAL_REASONS = List.of("redis_outage", "usage_write_queue_full", "connection_limit",
    "header_timeout", "body_timeout", "invalid_request", "answer_memory", "body_memory",
    "calls_in_flight", "key_lookups");
  /** The roles that call PostgreSQL or Redis and count their failures, likewise present at 0. */
  static final List<String> STORAGE_ROLES = List.of("auth", "usage", "admin");
  private static final Map<String, Counter> REFUSED = new ConcurrentHashMap<>();
  private static final Map<String, Counter> STORAGE_ERRORS = new ConcurrentHashMap<>();
  private static final Counter IDLE_CLOSED_FOR_ROOM = Counter.builder("sb.idle.connections.closed")
    .description("idle keep-alive connections closed to make room for a new one at the connection bound")
    .register(REGISTRY);
  /** Where meters record while {@link #recordNowhere} holds, else null. */
  private static PrometheusMeterRegistry elsewhere;

  static {
    REFUSAL_REASONS.forEach(reason -> REFUSED.computeIfAbsent(reason, GatewayMetrics::refusedCounter));
    for (String store : List.of("postgres", "redis")) {
      STORAGE_ROLES.forEach(role -> STORAGE_ERRORS.computeIfAbsent(store + " " + role,
        GatewayMetrics::storageErrorCounter));
    }
  }

  private GatewayMetrics() {
  }

  /** Where every role registers its meters. */
  public static MeterRegistry registry() {
    return REGISTRY;
  }

  /** What {@code /metrics} scrapes. */
  public static PrometheusMeterRegistry prometheus() {
    return PROMETHEUS;
  }

  /**
   * From now until {@link #recordAgain}, what the meters are given goes to a registry of the same kind that is then
   * dropped: meters made meanwhile exist in the roles' registry but not yet in the scraped one, and those made before
   * keep the values they had. The meters' code runs as it will later (the start's warm-up compiles it).
   */
  public static synchronized void recordNowhere() {
    if (elsewhere == null) {
      elsewhere = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      REGISTRY.remove(PROMETHEUS);
      REGISTRY.add(elsewhere);
    }
  }

  /**
   * Records into the scraped registry again: every meter made while recording nowhere appears there at zero, except
   * those {@code forget} names, which go (meters only what was recorded nowhere used, e.g. a warm-up's own model).
   */
  public static synchronized void recordAgain(Predicate<Meter.Id> forget) {
    if (elsewhere == null) {
      return;
    }
    for (Meter meter : REGISTRY.getMeters()) {
      if (forget.test(meter.getId())) {
        REGISTRY.remove(meter);
      }
    }
    REGISTRY.remove(elsewhere);
    REGISTRY.add(PROMETHEUS);
    elsewhere.close();
    elsewhere = null;
  }

  /**
   * {@code sb_refused_total{reason}}: requests (or connections, or writes) refused because a timeout ran out or a
   * bound was reached; {@code reason} names which, in snake case (e.g. {@code redis_outage}, {@code header_timeout}).
   */
  public static void refused(String reason) {
    REFUSED.computeIfAbsent(reason, GatewayMetrics::refusedCounter).increment();
  }

  /**
   * {@code sb_idle_connections_closed_total}: connections with no request in progress (between requests, or before
   * their first head) that a new connection took the place of at the server's connection bound
   * ({@code http.maxConnections}, {@code admin.maxConnections}).
   */
  public static void idleClosedForRoom() {
    IDLE_CLOSED_FOR_ROOM.increment();
  }

  /** {@code sb_storage_errors_total{store, role}}: calls to PostgreSQL ({@code postgres}) or Redis that failed. */
  public static void storageError(String store, String role) {
    STORAGE_ERRORS.computeIfAbsent(store + " " + role, GatewayMetrics::storageErrorCounter).increment();
  }

  private static Counter refusedCounter(String reason) {
    return Counter.builder("sb.refused").description("requests refused by a timeout or a bound, by reason")
      .tag("reason", reason).register(REGISTRY);
  }

  /** {@code storeAndRole}: the store, a space, the role. */
  private static Counter storageErrorCounter(String storeAndRole) {
    int space = storeAndRole.indexOf(' ');
    return Counter.builder("sb.storage.errors").description("failed calls to PostgreSQL or Redis, by store and role")
      .tag("store", storeAndRole.substring(0, space)).tag("role", storeAndRole.substring(space + 1)).register(REGISTRY);
  }
}

package io.switchboard.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide meter registry every role records into, scraped in Prometheus format at {@code /metrics}, and
 * the counters of faults every role shares: requests refused by a timeout or a bound, and storage errors.
 */
public final class GatewayMetrics {
  private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** The refusal reasons the roles record: present at 0 from the start, so a rate over them is never empty. */
  static final List<String> REFUSAL_REASONS = List.of("redis_outage", "usage_write_queue_full", "connection_limit",
    "header_timeout", "body_timeout", "invalid_request");
  /** The roles that call PostgreSQL or Redis and count their failures, likewise present at 0. */
  static final List<String> STORAGE_ROLES = List.of("auth", "usage", "admin");
  private static final Map<String, Counter> REFUSED = new ConcurrentHashMap<>();
  private static final Map<String, Counter> STORAGE_ERRORS = new ConcurrentHashMap<>();

  static {
    REFUSAL_REASONS.forEach(reason -> REFUSED.computeIfAbsent(reason, GatewayMetrics::refusedCounter));
    for (String store : List.of("postgres", "redis")) {
      STORAGE_ROLES.forEach(role -> STORAGE_ERRORS.computeIfAbsent(store + " " + role,
        GatewayMetrics::storageErrorCounter));
    }
  }

  private GatewayMetrics() {
  }

  public static PrometheusMeterRegistry registry() {
    return REGISTRY;
  }

  /**
   * {@code sb_refused_total{reason}}: requests (or connections, or writes) refused because a timeout ran out or a
   * bound was reached; {@code reason} names which, in snake case (e.g. {@code redis_outage}, {@code header_timeout}).
   */
  public static void refused(String reason) {
    REFUSED.computeIfAbsent(reason, GatewayMetrics::refusedCounter).increment();
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

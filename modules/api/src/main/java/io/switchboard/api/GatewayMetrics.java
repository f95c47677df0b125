package io.switchboard.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The process-wide meter registry every role records into, scraped in Prometheus format at {@code /metrics}, and
 * the counters of faults every role shares: requests refused by a timeout or a bound, and storage errors.
 */
public final class GatewayMetrics {
  private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

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
    Counter.builder("sb.refused").description("requests refused by a timeout or a bound, by reason")
      .tag("reason", reason).register(REGISTRY).increment();
  }

  /** {@code sb_storage_errors_total{store, role}}: calls to PostgreSQL ({@code postgres}) or Redis that failed. */
  public static void storageError(String store, String role) {
    Counter.builder("sb.storage.errors").description("failed calls to PostgreSQL or Redis, by store and role")
      .tag("store", store).tag("role", role).register(REGISTRY).increment();
  }
}

package io.switchboard.api;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The process-wide meter registry every role records into, scraped in Prometheus format at {@code /metrics}. */
public final class GatewayMetrics {
  private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private GatewayMetrics() {
  }

  public static PrometheusMeterRegistry registry() {
    return REGISTRY;
  }
}

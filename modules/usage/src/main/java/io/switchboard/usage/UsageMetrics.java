package io.switchboard.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.switchboard.api.GatewayMetrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the usage recorders of this process show at /metrics: {@code sb_usage_spool_rows} (rows waiting in spools
 * for PostgreSQL), {@code sb_usage_quarantined_total} (rows PostgreSQL refused, kept in usage-rejected.jsonl) and
 * {@code sb_usage_dropped_total} (rows lost: neither PostgreSQL nor the spool took them and memory was full).
 */
final class UsageMetrics {
  private static final AtomicLong SPOOLED = new AtomicLong();

  static {
    Gauge.builder("sb.usage.spool.rows", SPOOLED, AtomicLong::get)
      .description("usage rows waiting in the spool for PostgreSQL").register(GatewayMetrics.registry());
  }

  private UsageMetrics() {
  }

  /** A spool gained (positive) or lost (negative) rows. */
  static void spooled(long delta) {
    SPOOLED.addAndGet(delta);
  }

  static void quarantined(int rows) {
    Counter.builder("sb.usage.quarantined").description("usage rows PostgreSQL refused, kept in usage-rejected.jsonl")
      .register(GatewayMetrics.registry()).increment(rows);
  }

  static void dropped(int rows) {
    Counter.builder("sb.usage.dropped").description("usage rows lost: PostgreSQL and the spool failed, memory was full")
      .register(GatewayMetrics.registry()).increment(rows);
  }
}

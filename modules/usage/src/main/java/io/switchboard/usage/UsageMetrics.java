package io.switchboard.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.LabelValues;
import io.switchboard.api.Usage;
import io.switchboard.store.PricedUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What the usage recorders of this process show at /metrics: {@code sb_usage_spool_rows} (rows waiting in spools
 * for PostgreSQL), {@code sb_usage_quarantined_total} (rows PostgreSQL refused, kept in usage-rejected.jsonl) and
 * {@code sb_usage_dropped_total} (rows lost: neither PostgreSQL nor the spool took them and memory was full), and
 * what written rows used: {@code sb_tokens_total{model, kind}} and {@code sb_cost_charged_micros_total{model}}, a
 * model named when it has a price (the price book's names, at most {@link #MAX_MODELS}), else {@code other}.
 */
final class UsageMetrics {
  static final int MAX_MODELS = 200;
  private static final AtomicLong SPOOLED = new AtomicLong();
  private static final LabelValues MODELS = new LabelValues(MAX_MODELS);
  private static final Map<String, ModelMeters> BY_MODEL = new ConcurrentHashMap<>();

  /** The meters of one model label, made once. */
  private record ModelMeters(Counter input, Counter output, Counter cacheRead, Counter cacheWrite, Counter reasoning,
                             Counter charged) {
    static ModelMeters of(String model) {
      return new ModelMeters(tokens(model, "input"), tokens(model, "output"), tokens(model, "cache_read"),
        tokens(model, "cache_write"), tokens(model, "reasoning"),
        Counter.builder("sb.cost.charged.micros").tag("model", model)
          .description("charged cost of written usage rows, in micro-units").register(GatewayMetrics.registry()));
    }

    private static Counter tokens(String model, String kind) {
      return Counter.builder("sb.tokens").tag("model", model).tag("kind", kind)
        .description("tokens of written usage rows, by kind (input includes cached, output includes reasoning)")
        .register(GatewayMetrics.registry());
    }

    void add(Usage usage, long chargedMicros) {
      input.increment(usage.inputTokens());
      output.increment(usage.outputTokens());
      cacheRead.increment(usage.cacheReadTokens());
      cacheWrite.increment(usage.cacheWriteTokens());
      reasoning.increment(usage.reasoningTokens());
      charged.increment(chargedMicros);
    }
  }

  private static final Counter QUARANTINED = Counter.builder("sb.usage.quarantined")
    .description("usage rows PostgreSQL refused, kept in usage-rejected.jsonl").register(GatewayMetrics.registry());
  private static final Counter DROPPED = Counter.builder("sb.usage.dropped")
    .description("usage rows lost: PostgreSQL and the spool failed, memory was full").register(GatewayMetrics.registry());

  static {
    Gauge.builder("sb.usage.spool.rows", SPOOLED, AtomicLong::get)
      .description("usage rows waiting in the spool for PostgreSQL").register(GatewayMetrics.registry());
  }

  private UsageMetrics() {
  }

  /** Loads the class: its meters are present (at 0) from the recorder's start. */
  static void register() {
  }

  /** A spool gained (positive) or lost (negative) rows. */
  static void spooled(long delta) {
    SPOOLED.addAndGet(delta);
  }

  /** Rows PostgreSQL took: their tokens and charged cost, under the model name the price book knows. */
  static void written(List<PricedUsage> rows, Predicate<String> priced) {
    for (PricedUsage row : rows) {
      String model = row.record().model();
      String upstream = row.record().upstreamModel();
      String label = priced.test(model) ? MODELS.known(model)
        : upstream != null && priced.test(upstream) ? MODELS.known(upstream) : LabelValues.OTHER;
      BY_MODEL.computeIfAbsent(label, ModelMeters::of).add(row.record().usage(), row.chargedMicros());
    }
  }

  static void quarantined(int rows) {
    QUARANTINED.increment(rows);
  }

  static void dropped(int rows) {
    DROPPED.increment(rows);
  }
}

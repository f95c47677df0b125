package io.switchboard.ingress;

import io.micrometer.core.instrument.Gauge;
import io.switchboard.api.GatewayMetrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gateway holds for client streams: bytes handed to client sockets and not yet written out, in total
 * now and the most any one stream has ever held (the bound flow control keeps).
 */
final class StreamBuffering {
  static final AtomicLong HELD_NOW = new AtomicLong();
  static final AtomicLong PEAK_PER_STREAM = new AtomicLong();

  /** Exposes the gauges (idempotent: every ingress instance calls it at start). */
  static void register() {
    Gauge.builder("sb.stream.buffered.bytes", HELD_NOW, AtomicLong::get)
      .description("bytes of client streams waiting in the gateway to be written to client sockets")
      .register(GatewayMetrics.registry());
    Gauge.builder("sb.stream.buffered.peak.bytes", PEAK_PER_STREAM, AtomicLong::get)
      .description("the most bytes any single client stream has had waiting in the gateway")
      .register(GatewayMetrics.registry());
  }

  private StreamBuffering() {
  }

  static void held(long streamHeld, long delta) {
    HELD_NOW.addAndGet(delta);
    PEAK_PER_STREAM.accumulateAndGet(streamHeld, Math::max);
  }
}

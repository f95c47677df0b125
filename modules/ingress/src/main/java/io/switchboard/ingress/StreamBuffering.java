package io.switchboard.ingress;

import io.micrometer.core.instrument.Gauge;
import io.switchboard.api.GatewayMetrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gateway holds for client streams: bytes handed to client sockets and not yet written out, in total
 * now and the most any one stream has held since the ingress started (the bound flow control keeps; one frame may
 * exceed it, e.g. a Responses stream's opening events that repeat a large request's tools).
 */
final class StreamBuffering {
  static final AtomicLong HELD_NOW = new AtomicLong();
  static final AtomicLong PEAK_PER_STREAM = new AtomicLong();

  /** Exposes the gauges (idempotent: every ingress instance calls it at start) and starts the peak over. */
  static void register() {
    PEAK_PER_STREAM.set(HELD_NOW.get() == 0 ? 0 : PEAK_PER_STREAM.get()); // streams in flight: their peak stands
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

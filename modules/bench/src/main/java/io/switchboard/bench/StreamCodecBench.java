package io.switchboard.bench;

import io.switchboard.api.Dialect;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.StreamEncoder;
import io.switchboard.dialects.WireFormat;
import io.switchboard.dialects.WireFormats;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each dialect's stream decoder and encoder over the rig's 20-chunk answer, one whole stream per operation
 * (a fresh decoder or encoder each time, as each stream gets one). Divide by the reads per stream (OpenAI 22,
 * Anthropic 24, Gemini 21, Responses 24; the 24 canonical events for encode) for the cost per chunk.
 */
public class StreamCodecBench extends BenchDefaults {
  @Param({"OPENAI", "ANTHROPIC", "GEMINI", "RESPONSES"})
  public Dialect dialect;

  private WireFormat format;
  private List<Buffer> reads;
  private List<StreamEvent> events;

  @Setup
  public void setUp() {
    format = WireFormats.of(dialect);
    reads = SampleStream.upstreamReads(dialect);
    events = SampleStream.events();
  }

  /** Upstream bytes, one read per chunk, to canonical events. */
  @Benchmark
  public void decode(Blackhole bh) {
    StreamDecoder decoder = format.streamDecoder();
    for (Buffer read : reads) {
      bh.consume(decoder.decode(read));
    }
    bh.consume(decoder.finish());
  }

  /** Canonical events, one at a time, to client bytes. */
  @Benchmark
  public void encode(Blackhole bh) {
    StreamEncoder encoder = format.streamEncoder(SampleStream.MODEL, true);
    for (StreamEvent event : events) {
      Buffer out = Buffer.buffer(256);
      encoder.encode(List.of(event), out);
      bh.consume(out);
    }
  }
}

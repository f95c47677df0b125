package io.switchboard.providers.core;

import io.switchboard.api.Dialect;
import io.switchboard.bench.BenchDefaults;
import io.switchboard.bench.SampleStream;
import io.switchboard.dialects.openai.OpenAiStreamRelay;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The OpenAI pass-through as the provider runs it (in this package: the scrubber is package-private): the relay
 * inside {@link ScrubbedErrorEvents}, the rig's 20-chunk answer one read per chunk, the upstream reporting its usage.
 * One whole stream per operation.
 */
public class PassThroughStreamBench extends BenchDefaults {
  private List<Buffer> reads;
  private SecretScrubber scrubber;

  @Setup
  public void setUp() {
    reads = SampleStream.upstreamReads(Dialect.OPENAI);
    scrubber = SecretScrubber.of("sk-bench-0123456789abcdef", "http://127.0.0.1:18080/v1");
  }

  @Benchmark
  public void relayScrubbed(Blackhole bh) {
    ScrubbedErrorEvents stream = new ScrubbedErrorEvents(new OpenAiStreamRelay(false), scrubber);
    for (Buffer read : reads) {
      bh.consume(stream.accept(read));
    }
    bh.consume(stream.finish());
    bh.consume(stream.usage());
  }
}

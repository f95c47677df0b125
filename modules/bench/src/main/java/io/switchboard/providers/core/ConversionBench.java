package io.switchboard.providers.core;

import io.switchboard.api.Dialect;
import io.switchboard.bench.BenchDefaults;
import io.switchboard.bench.SampleStream;
import io.switchboard.dialects.WireFormats;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The converted stream as the provider runs it (in this package: the translator is package-private): an
 * Anthropic client on an OpenAI upstream, the rig's 20-chunk answer one read per chunk, through
 * {@link ConvertingTranslator} (decode, scrub hook, output count, encode). One whole stream per operation.
 */
public class ConversionBench extends BenchDefaults {
  private List<Buffer> openAiReads;
  private SecretScrubber scrubber;

  @Setup
  public void setUp() {
    openAiReads = SampleStream.upstreamReads(Dialect.OPENAI);
    scrubber = SecretScrubber.of("sk-bench-0123456789abcdef", "http://127.0.0.1:18080/v1");
  }

  @Benchmark
  public void anthropicClientOpenAiUpstream(Blackhole bh) {
    ConvertingTranslator translator = new ConvertingTranslator(WireFormats.of(Dialect.OPENAI).streamDecoder(),
      WireFormats.of(Dialect.ANTHROPIC).streamEncoder(SampleStream.MODEL, true), UnaryOperator.identity(), scrubber);
    for (Buffer read : openAiReads) {
      bh.consume(translator.accept(read));
    }
    bh.consume(translator.finish());
    bh.consume(translator.estimatedOutputTokens());
  }
}

package io.switchboard.providers.core;

import io.switchboard.api.Dialect;
import io.switchboard.bench.SampleStream;
import io.switchboard.dialects.WireFormats;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The converted stream as the provider runs it (in this package: the translator is package-private): an
 * Anthropic client on an OpenAI upstream, the rig's 20-chunk answer one read per chunk, through
 * {@link ConvertingTranslator} (decode, scrub hook, output count, encode). One whole stream per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
public class ConversionBench {
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

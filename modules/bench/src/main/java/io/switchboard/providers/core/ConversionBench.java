package io.switchboard.providers.core;

import io.switchboard.api.Dialect;
import io.switchboard.bench.BenchDefaults;
import io.switchboard.bench.SampleStream;
import io.switchboard.dialects.WireFormats;
import io.switchboard.dialects.openai.OpenAiStreamRelay;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A stream as the provider runs it (in this package: the translators are package-private), the rig's 20-chunk
 * OpenAI answer one read per chunk: converted for an Anthropic client through {@link ConvertingTranslator} (decode,
 * scrub hook, output count, encode), or passed through for an OpenAI client by the relay inside
 * {@link ScrubbedErrorEvents}, the upstream reporting its usage. One whole stream per operation.
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

  @Benchmark
  public void relayScrubbed(Blackhole bh) {
    ScrubbedErrorEvents stream = new ScrubbedErrorEvents(new OpenAiStreamRelay(false), scrubber);
    for (Buffer read : openAiReads) {
      bh.consume(stream.accept(read));
    }
    bh.consume(stream.finish());
    bh.consume(stream.usage());
  }
}

package io.switchboard.bench;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.dialects.OutputTokenCounter;
import io.switchboard.dialects.SseParser;
import io.switchboard.dialects.WireFormat;
import io.switchboard.dialects.WireFormats;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.openai.OpenAiRequests;
import io.switchboard.dialects.openai.OpenAiStreamRelay;
import io.switchboard.api.chat.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The OpenAI pass-through (an OpenAI client on an OpenAI upstream, the rig's stream scenario) and its parts: the
 * relay as the provider runs it, SSE framing alone, the converting decoder (which the relay ran beside it until it
 * read the output from each chunk's token stream) and the output token count. One whole 20-chunk stream per
 * operation; {@code *Batched} feeds it as one read; {@code relayUsageReported} is the relay when the upstream's usage
 * makes its own count unneeded; {@code answer*} read a complete (non-stream) answer.
 */
public class PassThroughBench extends BenchDefaults {
  private List<Buffer> reads;
  private Buffer whole;
  private List<StreamEvent> events;
  private ChatRequest request;
  private Buffer answer;

  @Setup
  public void setUp() {
    reads = SampleStream.upstreamReads(Dialect.OPENAI);
    whole = SampleStream.whole(Dialect.OPENAI);
    events = SampleStream.events();
    StringBuilder messages = new StringBuilder("[{\"role\":\"system\",\"content\":\"You are a careful assistant.\"}");
    for (int i = 0; i < 8; i++) {
      messages.append(",{\"role\":\"user\",\"content\":\"Question ").append(i)
        .append(": how do gateways add so little latency to a streamed answer?\"}")
        .append(",{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"By passing bytes on ")
        .append("as they come, event by event.\"}]}");
    }
    answer = Buffer.buffer("{\"id\":\"chatcmpl-bench0001\",\"object\":\"chat.completion\",\"created\":1796449962,"
      + "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,\"message\":"
      + "{\"role\":\"assistant\",\"content\":\"" + "The quick brown fox jumps over the lazy dog. ".repeat(4)
      + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":21,"
      + "\"completion_tokens\":40,\"total_tokens\":61,\"prompt_tokens_details\":{\"cached_tokens\":0},"
      + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
    request = OpenAiRequests.decode(Buffer.buffer("{\"model\":\"fast\",\"stream\":true,\"temperature\":0.2,"
      + "\"messages\":" + messages + "]}"));
  }

  /** The body sent upstream for a 17-message chat (about 2 KB): the upstream's model, usage switched on. */
  @Benchmark
  public Buffer upstreamBody() {
    return OpenAiRequests.upstreamBody(request, SampleStream.MODEL);
  }

  /** The usage of a complete answer that goes to its client as it came (the rig's plain scenario). */
  @Benchmark
  public Usage answerUsage() {
    return WireFormats.of(Dialect.OPENAI).responseUsage(answer);
  }

  /** The same answer decoded whole, as for a client of another dialect. */
  @Benchmark
  public ChatResponse answerDecode() {
    return WireFormats.of(Dialect.OPENAI).decodeResponse(WireFormat.answerJson(answer));
  }

  /** What the provider does per stream: relay each read, count the output it carries. */
  @Benchmark
  public void relay(Blackhole bh) {
    bh.consume(relayed(bh).estimatedOutputTokens());
  }

  /**
   * The same stream when the upstream reports its usage (the mock does, as OpenAI does when asked): the provider
   * does not ask the relay for its own count, so the events it passed are never parsed for it.
   */
  @Benchmark
  public void relayUsageReported(Blackhole bh) {
    bh.consume(relayed(bh).usage());
  }

  private OpenAiStreamRelay relayed(Blackhole bh) {
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    for (Buffer read : reads) {
      bh.consume(relay.accept(read));
    }
    bh.consume(relay.finish());
    return relay;
  }

  @Benchmark
  public void relayBatched(Blackhole bh) {
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    bh.consume(relay.accept(whole.copy()));
    bh.consume(relay.finish());
    bh.consume(relay.estimatedOutputTokens());
  }

  /** SSE framing only: bytes to events (name + data strings). */
  @Benchmark
  public void sseParse(Blackhole bh) {
    SseParser parser = new SseParser();
    for (Buffer read : reads) {
      bh.consume(parser.feed(read));
    }
    bh.consume(parser.finish());
  }

  /** The converting decoder: SSE framing plus one JSON tree per event, to canonical events. */
  @Benchmark
  public void sideDecode(Blackhole bh) {
    StreamDecoder decoder = WireFormats.of(Dialect.OPENAI).streamDecoder();
    for (Buffer read : reads) {
      bh.consume(decoder.decode(read));
    }
    bh.consume(decoder.finish());
  }

  /** Counting the output tokens of the answer's decoded events (20 deltas, one count at the end). */
  @Benchmark
  public long outputTokenCounter() {
    OutputTokenCounter counter = new OutputTokenCounter();
    counter.add(events);
    return counter.tokens();
  }
}

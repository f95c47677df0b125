package io.switchboard.dialects.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.dialects.OutputTokenCounter;
import io.switchboard.dialects.StreamRuns;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pass-through's count of the output is the one the converting decoder's events give. */
class OpenAiChunkTextTest {
  private static final String HEAD = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",";

  private static String chunk(String choices) {
    return "data: " + HEAD + "\"choices\":[" + choices + "]}\n\n";
  }

  private static long decoderCount(String stream) {
    OutputTokenCounter counter = new OutputTokenCounter();
    counter.add(StreamRuns.decode(new OpenAiStreamDecoder(), List.of(stream.getBytes(StandardCharsets.UTF_8))));
    return counter.tokens();
  }

  private static long relayCount(String stream, int cut) {
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    relay.accept(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, 0, cut)));
    relay.accept(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, cut, bytes.length)));
    relay.finish();
    return relay.estimatedOutputTokens();
  }

  @Test
  void countsWhatTheDecoderCountsWhateverTheReads() {
    String stream = chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}")
      + chunk("{\"index\":0,\"delta\":{\"reasoning_content\":\"Let me think about caf\u00e9s.\",\"reasoning\":\"no\"}}")
      + chunk("{\"delta\":{\"reasoning\":\" Still thinking\"},\"index\":0}")
      + chunk("{\"index\":1,\"delta\":{\"content\":\"another choice, never counted\"}},"
        + "{\"index\":0,\"delta\":{\"content\":\"Hello w\u00f6rld \u2713\",\"extra\":{\"content\":\"nested\"}}}")
      + "data: " + HEAD + "\"choices\":[{\"index\":0,\"delta\":\n"
      + "data: {\"content\":\" over two lines\"}}]}\n\n"
      + chunk("{\"index\":0,\"delta\":{\"content\":null,\"refusal\":\"I can't.\"}}")
      + chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\"}}]}}")
      + chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"weather\\\"}\"}}]},"
        + "\"finish_reason\":\"tool_calls\"}")
      + "data: " + HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":9,\"total_tokens\":12}}\n\n"
      + "data: [DONE]\n\n"
      + chunk("{\"index\":0,\"delta\":{\"content\":\"after the end, never counted\"}}");
    long expected = decoderCount(stream);
    assertTrue(expected > 20, "the stream has content to count: " + expected);
    for (int cut = 0; cut <= stream.getBytes(StandardCharsets.UTF_8).length; cut += 7) {
      assertEquals(expected, relayCount(stream, cut), "cut=" + cut);
    }
  }

  @Test
  void stopsWhereTheDecoderStops() {
    String hello = chunk("{\"index\":0,\"delta\":{\"content\":\"Hello there\"}}");
    String later = chunk("{\"index\":0,\"delta\":{\"content\":\"and much more text after it\"}}");
    for (String end : List.of("data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n",
      "data: {not json\n\n", "data: [1,2]\n\n")) {
      String stream = hello + end + later;
      assertEquals(decoderCount(stream), relayCount(stream, 0), end);
      assertEquals(decoderCount(hello), relayCount(stream, stream.length()), end);
    }
  }
}

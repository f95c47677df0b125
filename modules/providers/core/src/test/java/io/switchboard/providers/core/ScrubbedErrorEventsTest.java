package io.switchboard.providers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.dialects.anthropic.AnthropicWireFormat;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** A passed-through stream: its error events reach the client scrubbed, everything else byte for byte. */
class ScrubbedErrorEventsTest {
  private static final String START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
    + "{\"id\":\"m\",\"usage\":{\"input_tokens\":3}}}\n\n";
  private static final String CONTENT = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
    + "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"an error at 10.0.0.1 with sk-not-a-secret-here\"}}\n\n";

  @Test
  void anErrorEventSplitAcrossReadsIsScrubbedAndContentIsNot() {
    ScrubbedErrorEvents stream = new ScrubbedErrorEvents(new PassThroughTranslator(
      new AnthropicWireFormat().streamDecoder()), SecretScrubber.of("my-upstream-secret-42", "http://llm.internal:8080"));
    String error = "event: error\r\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
      + "\"proxy llm.internal refused key my-upstream-secret-42\"}}\r\n\r\n";
    String upstream = START + CONTENT + error;
    int split = upstream.indexOf("my-upstream-secret-42") + 5; // the secret arrives in two reads

    Buffer client = Buffer.buffer();
    client.appendBuffer(stream.accept(Buffer.buffer(upstream.substring(0, split))));
    assertEquals(START + CONTENT, client.toString(), "whole events pass at once; the partial one waits");
    client.appendBuffer(stream.accept(Buffer.buffer(upstream.substring(split))));
    client.appendBuffer(stream.finish());

    assertEquals(START + CONTENT + "event: error\r\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
      + "\"message\":\"proxy [upstream] refused key [redacted]\"}}\r\n\r\n", client.toString());
    assertEquals("proxy [upstream] refused key [redacted]", stream.toldFailure());
  }

  @Test
  void readsThatAreSlicesOfLargerBuffersAreScrubbedAsTheirOwnBytes() {
    // the scrubber reads a buffer's bytes where they lie: what stands around a slice in its array is not the stream's
    String around = "event: error\ndata: {\"error\":\"my-upstream-secret-42\"}\n\n";
    String error = "event: error\r\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
      + "\"proxy llm.internal refused key my-upstream-secret-42\"}}\r\n\r\n";
    String upstream = START + CONTENT + error;
    String scrubbed = START + CONTENT + "event: error\r\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
      + "\"message\":\"proxy [upstream] refused key [redacted]\"}}\r\n\r\n";
    for (int split = 0; split <= upstream.length(); split += 5) {
      ScrubbedErrorEvents stream = new ScrubbedErrorEvents(new PassThroughTranslator(
        new AnthropicWireFormat().streamDecoder()), SecretScrubber.of("my-upstream-secret-42", "http://llm.internal:8080"));
      Buffer client = Buffer.buffer();
      client.appendBuffer(stream.accept(sliceOf(around, upstream.substring(0, split))));
      client.appendBuffer(stream.accept(sliceOf(around, upstream.substring(split))));
      client.appendBuffer(stream.finish());
      assertEquals(scrubbed, client.toString(), "split=" + split);
    }
  }

  /** {@code read} as a slice of a buffer that holds other bytes before and after it. */
  private static Buffer sliceOf(String around, String read) {
    Buffer all = Buffer.buffer(around).appendString(read).appendString(around);
    return all.slice(around.length(), around.length() + Buffer.buffer(read).length());
  }
}

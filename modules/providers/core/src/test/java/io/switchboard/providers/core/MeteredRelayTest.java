package io.switchboard.providers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** A pass-through answer passes untouched while its usage and priced units are read on the side. */
class MeteredRelayTest {

  private static MeteredRelay relay(String contentType, String path, String request) {
    return new MeteredRelay(contentType, PricedUnits.of(path, Buffer.buffer(request), true));
  }

  /** Feeds the answer in reads of {@code size} bytes and checks each comes out untouched. */
  private static void feed(MeteredRelay relay, Buffer answer, int size) {
    for (int at = 0; at < answer.length(); at += size) {
      Buffer read = answer.getBuffer(at, Math.min(answer.length(), at + size));
      assertArrayEquals(read.getBytes(), relay.accept(read).getBytes());
    }
    relay.finish();
    assertTrue(relay.completed());
  }

  @Test
  void aJsonAnswerReportsItsUsageAndItsImages() {
    MeteredRelay relay = relay("application/json", "/images/generations", "{\"model\":\"gpt-image-1\",\"n\":3}");
    feed(relay, Buffer.buffer("{\"data\":[{\"b64_json\":\"x\"},{\"b64_json\":\"y\"}],"
      + "\"usage\":{\"input_tokens\":10,\"output_tokens\":4000,\"input_tokens_details\":{\"cached_tokens\":2}}}"), 7);
    assertEquals(new Usage(10, 4000, 2, 0, 0), relay.usage());
    assertEquals(2, relay.units(), "the images the answer holds, not the three asked for");
  }

  @Test
  void theUsageOfAnAnswerTooLargeToKeepIsReadNearItsEnd() {
    String big = "x".repeat(3 << 20);
    MeteredRelay relay = relay("application/json; charset=utf-8", "/embeddings", "{}");
    feed(relay, Buffer.buffer("{\"data\":[{\"embedding\":\"" + big + "\"}],\"model\":\"m\","
      + "\"usage\":{\"prompt_tokens\":12,\"total_tokens\":12}}"), 65_536);
    assertEquals(new Usage(12, 0, 0, 0, 0), relay.usage());
  }

  @Test
  void anSseAnswersUsageIsMergedAcrossItsEvents() {
    MeteredRelay relay = relay("text/event-stream", "/v1/messages", "{}");
    feed(relay, Buffer.buffer("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
      + "{\"input_tokens\":25,\"output_tokens\":1}}}\n\nevent: content_block_delta\ndata: {\"delta\":{\"text\":\"hi\"}}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":15}}\n\n"), 5);
    assertEquals(new Usage(25, 15, 0, 0, 0), relay.usage());
  }

  @Test
  void binaryPassesAndSpeechIsCountedByItsCharacters() {
    MeteredRelay relay = relay("audio/mpeg", "/audio/speech", "{\"model\":\"tts-1\",\"input\":\"Grüße!\"}");
    byte[] audio = new byte[1000];
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (byte) i;
    }
    feed(relay, Buffer.buffer(audio), 333);
    assertNull(relay.usage());
    assertEquals(6, relay.units(), "characters, not bytes");
  }

  @Test
  void aTranscriptionIsCountedBySecondsRoundedUp() {
    MeteredRelay relay = relay("application/json", "/audio/transcriptions", "");
    feed(relay, Buffer.buffer("{\"text\":\"hello\",\"usage\":{\"type\":\"duration\",\"seconds\":7.2}}"), 9);
    assertEquals(8, relay.units());
  }
}

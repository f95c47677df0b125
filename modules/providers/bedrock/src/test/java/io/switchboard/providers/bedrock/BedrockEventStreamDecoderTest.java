package io.switchboard.providers.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * A Bedrock InvokeModelWithResponseStream body, framed by the eventstream library itself, decoded however the
 * reads are cut.
 */
class BedrockEventStreamDecoderTest {

  private static final List<JsonObject> ANTHROPIC_EVENTS = List.of(
    new JsonObject("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bdrk_01XFDUDYJgAACzvnptvVoYEL\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-sonnet-20240620\",\"content\":[],"
      + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"),
    new JsonObject("{\"type\":\"content_block_start\",\"index\":0,"
      + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
    new JsonObject("{\"type\":\"content_block_delta\",\"index\":0,"
      + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}"),
    new JsonObject("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
      + "\"text\":\" wörld ✓\"}}"),
    new JsonObject("{\"type\":\"content_block_stop\",\"index\":0}"),
    new JsonObject("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
      + "\"usage\":{\"output_tokens\":6}}"),
    new JsonObject("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":12,"
      + "\"outputTokenCount\":6,\"invocationLatency\":812,\"firstByteLatency\":301}}"));

  /** A chunk as Bedrock sends it, padding field "p" included, built here without the code under test. */
  private static byte[] chunkFrame(JsonObject anthropicEvent) {
    String bytes = Base64.getEncoder().encodeToString(anthropicEvent.encode().getBytes(StandardCharsets.UTF_8));
    return frame(headers(":event-type", "chunk", ":content-type", "application/json", ":message-type", "event"),
      "{\"bytes\":\"" + bytes + "\",\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ\"}");
  }

  private static Map<String, HeaderValue> headers(String... namesAndValues) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], HeaderValue.fromString(namesAndValues[i + 1]));
    }
    return headers;
  }

  private static byte[] frame(Map<String, HeaderValue> headers, String payload) {
    ByteBuffer encoded = new Message(headers, payload.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  private static byte[] stream() {
    Buffer all = Buffer.buffer();
    ANTHROPIC_EVENTS.forEach(event -> all.appendBytes(chunkFrame(event)));
    all.appendBytes(frame(headers(":event-type", "metadata", ":message-type", "event"), "{}"));
    all.appendBytes(frame(headers(":exception-type", "throttlingException", ":content-type", "application/json",
      ":message-type", "exception"), "{\"message\":\"Too many tokens, please wait before trying again.\"}"));
    return all.getBytes();
  }

  private static List<BedrockEvent> expected() {
    List<BedrockEvent> events = new ArrayList<>();
    ANTHROPIC_EVENTS.forEach(event -> events.add(BedrockEvent.chunk(event)));
    events.add(BedrockEvent.exception("throttlingException", "Too many tokens, please wait before trying again."));
    return events;
  }

  private static List<BedrockEvent> decode(List<byte[]> reads) {
    BedrockEventStreamDecoder decoder = new BedrockEventStreamDecoder();
    List<BedrockEvent> events = new ArrayList<>();
    for (byte[] read : reads) {
      events.addAll(decoder.decode(Buffer.buffer(read)));
    }
    decoder.finish();
    return events;
  }

  private static byte[] range(byte[] bytes, int from, int to) {
    byte[] part = new byte[to - from];
    System.arraycopy(bytes, from, part, 0, part.length);
    return part;
  }

  @Test
  void wholeStreamInOneRead() {
    assertEquals(expected(), decode(List.of(stream())));
  }

  @Test
  void splitAtEveryByteBoundary() {
    byte[] stream = stream();
    for (int cut = 0; cut <= stream.length; cut++) {
      List<BedrockEvent> events = decode(List.of(range(stream, 0, cut), range(stream, cut, stream.length)));
      assertEquals(expected(), events, "cut at byte " + cut);
    }
  }

  @Test
  void oneByteAtATime() {
    byte[] stream = stream();
    List<byte[]> reads = new ArrayList<>();
    for (int i = 0; i < stream.length; i++) {
      reads.add(range(stream, i, i + 1));
    }
    assertEquals(expected(), decode(reads));
  }

  @Test
  void anEventComesOutWithTheReadThatCompletesIt() {
    byte[] first = chunkFrame(ANTHROPIC_EVENTS.get(0));
    byte[] second = chunkFrame(ANTHROPIC_EVENTS.get(1));
    BedrockEventStreamDecoder decoder = new BedrockEventStreamDecoder();
    assertEquals(List.of(), decoder.decode(Buffer.buffer(range(first, 0, first.length - 1))));
    Buffer rest = Buffer.buffer(range(first, first.length - 1, first.length)).appendBytes(range(second, 0, 20));
    assertEquals(List.of(BedrockEvent.chunk(ANTHROPIC_EVENTS.get(0))), decoder.decode(rest));
    assertEquals(List.of(BedrockEvent.chunk(ANTHROPIC_EVENTS.get(1))),
      decoder.decode(Buffer.buffer(range(second, 20, second.length))));
    decoder.finish();
  }

  @Test
  void encodeChunkFramesAsBedrockDoes() {
    JsonObject event = ANTHROPIC_EVENTS.get(3);
    Buffer frame = BedrockEventStreamDecoder.encodeChunk(event);
    Message message = Message.decode(ByteBuffer.wrap(frame.getBytes()));
    assertEquals(headers(":event-type", "chunk", ":content-type", "application/json", ":message-type", "event"),
      message.getHeaders());
    JsonObject payload = new JsonObject(Buffer.buffer(message.getPayload()));
    assertEquals(event, new JsonObject(Buffer.buffer(Base64.getDecoder().decode(payload.getString("bytes")))));
    assertEquals(List.of(BedrockEvent.chunk(event)), decode(List.of(frame.getBytes())));
  }

  @Test
  void encodeExceptionRoundTrips() {
    Buffer frame = BedrockEventStreamDecoder.encodeException("modelStreamErrorException", "Model stream error");
    assertEquals(List.of(BedrockEvent.exception("modelStreamErrorException", "Model stream error")),
      decode(List.of(frame.getBytes())));
  }

  @Test
  void protocolErrorMessagesCarryCodeAndMessageInHeaders() {
    byte[] error = frame(headers(":message-type", "error", ":error-code", "InternalFailure",
      ":error-message", "An internal error occurred"), "");
    assertEquals(List.of(BedrockEvent.exception("InternalFailure", "An internal error occurred")),
      decode(List.of(error)));
  }

  @Test
  void corruptedMessageCrcIsReported() {
    byte[] stream = stream();
    int firstEnd = chunkFrame(ANTHROPIC_EVENTS.get(0)).length;
    stream[firstEnd - 1] ^= 0x01;
    GatewayException e = assertThrows(GatewayException.class, () -> decode(List.of(stream)));
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    assertTrue(e.getMessage().startsWith("Bedrock event stream is corrupt: Message checksum failure"), e.getMessage());
  }

  @Test
  void corruptedPayloadByteIsReported() {
    byte[] stream = stream();
    stream[100] ^= 0x20; // inside the first chunk's payload (its headers end at byte 87)
    GatewayException e = assertThrows(GatewayException.class, () -> decode(List.of(stream)));
    assertTrue(e.getMessage().contains("Message checksum failure"), e.getMessage());
  }

  @Test
  void corruptedLengthIsReportedAsSoonAsThePreludeArrives() {
    byte[] stream = stream();
    stream[1] ^= 0x40;
    BedrockEventStreamDecoder decoder = new BedrockEventStreamDecoder();
    GatewayException e = assertThrows(GatewayException.class,
      () -> decoder.decode(Buffer.buffer(range(stream, 0, 12))));
    assertTrue(e.getMessage().startsWith("Bedrock event stream is corrupt: prelude checksum failure"), e.getMessage());
  }

  @Test
  void chunkThatIsNotBase64JsonIsReported() {
    byte[] bad = frame(headers(":event-type", "chunk", ":message-type", "event"), "{\"bytes\":\"bm90IGpzb24=\"}");
    GatewayException e = assertThrows(GatewayException.class, () -> decode(List.of(bad)));
    assertEquals("Bedrock event stream is corrupt: chunk is not base64 of a JSON object", e.getMessage());
  }

  @Test
  void streamEndingInsideAMessageIsReported() {
    byte[] stream = stream();
    BedrockEventStreamDecoder decoder = new BedrockEventStreamDecoder();
    decoder.decode(Buffer.buffer(range(stream, 0, stream.length - 5)));
    GatewayException e = assertThrows(GatewayException.class, decoder::finish);
    assertTrue(e.getMessage().contains("ended inside a message"), e.getMessage());
  }
}

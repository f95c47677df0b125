package io.switchboard.dialects.gemini;

import static io.switchboard.dialects.StreamRuns.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.api.chat.StreamEvent.BlockStart;
import io.switchboard.api.chat.StreamEvent.BlockStop;
import io.switchboard.api.chat.StreamEvent.Failure;
import io.switchboard.api.chat.StreamEvent.MessageDelta;
import io.switchboard.api.chat.StreamEvent.MessageStart;
import io.switchboard.api.chat.StreamEvent.MessageStop;
import io.switchboard.api.chat.StreamEvent.TextDelta;
import io.switchboard.dialects.gemini.GeminiStreamTranscripts.Transcript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Gemini's {@code alt=sse} stream read into canonical events, however the reads are cut. */
class GeminiStreamDecoderTest {
  private final GeminiWireFormat gemini = new GeminiWireFormat();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<StreamEvent> decodeWhole(String stream) {
    return decode(gemini.streamDecoder(), List.of(bytes(stream)));
  }

  @ParameterizedTest
  @FieldSource("io.switchboard.dialects.gemini.GeminiStreamTranscripts#ALL")
  void transcriptDecodesToTheExpectedEvents(Transcript transcript) {
    String upstream = new String(transcript.upstream(), StandardCharsets.UTF_8);
    assertTrue(upstream.contains("}\r\n\r\ndata: "), "the golden file keeps Google's CRLF CRLF separators");
    assertEquals(transcript.events(), decode(gemini.streamDecoder(), List.of(transcript.upstream())));
  }

  @ParameterizedTest
  @FieldSource("io.switchboard.dialects.gemini.GeminiStreamTranscripts#ALL")
  void decodingAtEveryByteSplitGivesTheSameEvents(Transcript transcript) {
    byte[] all = transcript.upstream();
    for (int cut = 0; cut <= all.length; cut++) {
      List<byte[]> reads = List.of(Arrays.copyOfRange(all, 0, cut), Arrays.copyOfRange(all, cut, all.length));
      assertEquals(transcript.events(), decode(gemini.streamDecoder(), reads), "cut at byte " + cut);
    }
    List<byte[]> oneByteReads = new ArrayList<>();
    for (byte b : all) {
      oneByteReads.add(new byte[] {b});
    }
    assertEquals(transcript.events(), decode(gemini.streamDecoder(), oneByteReads), "one byte per read");
  }

  @Test
  void anErrorInsideTheStreamIsAFailureAfterTheUsageSoFar() {
    List<StreamEvent> events = decodeWhole("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],"
      + "\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 5,\"candidatesTokenCount\": 1,"
      + "\"totalTokenCount\": 6},\"modelVersion\": \"gemini-2.5-flash\"}\r\n\r\n"
      + "data: {\"error\": {\"code\": 503,\"message\": \"The model is overloaded. Please try again later.\","
      + "\"status\": \"UNAVAILABLE\"}}\r\n\r\n");
    assertEquals(List.of(
      new MessageStart(null, "gemini-2.5-flash", new Usage(5, 1, 0, 0, 0)),
      BlockStart.text(0),
      new TextDelta(0, "Hi"),
      new MessageDelta(null, null, new Usage(5, 1, 0, 0, 0)),
      new Failure(ErrorKind.UNAVAILABLE, "The model is overloaded. Please try again later.")), events);
  }

  @Test
  void malformedDataIsAFailure() {
    assertEquals(List.of(new Failure(ErrorKind.UPSTREAM_ERROR, "Gemini sent a malformed stream event")),
      decodeWhole("data: {\"candidates\": [\r\n\r\n"));
  }

  @Test
  void aStreamThatEndsWithoutFinishReasonIsClosedByFinish() {
    List<StreamEvent> events = decodeWhole("data: {\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\":"
      + " {\"name\": \"f\",\"args\": {},\"id\": \"given-id\"}}],\"role\": \"model\"},\"index\": 0}]}");
    assertEquals(List.of(
      new MessageStart(null, null, null),
      BlockStart.toolCall(0, "given-id", "f"),
      new StreamEvent.ToolArgsDelta(0, "{}"),
      new BlockStop(0),
      new MessageDelta(StopReason.TOOL_USE, null, null),
      new MessageStop()), events, "the last event had no blank line after it: finish() reads it");
  }

  @Test
  void anEmptyStreamIsAFailure() {
    assertEquals(List.of(new Failure(ErrorKind.UPSTREAM_ERROR, "Gemini ended the stream without a response")),
      decodeWhole(""));
  }

  @Test
  void aBlockedPromptEndsTheStreamAsContentFilter() {
    assertEquals(List.of(
      new MessageStart("r1", "gemini-2.5-flash", new Usage(7, 0, 0, 0, 0)),
      new MessageDelta(StopReason.CONTENT_FILTER, "PROHIBITED_CONTENT", new Usage(7, 0, 0, 0, 0)),
      new MessageStop()),
      decodeWhole("data: {\"promptFeedback\": {\"blockReason\": \"PROHIBITED_CONTENT\"},\"usageMetadata\": "
        + "{\"promptTokenCount\": 7,\"totalTokenCount\": 7},\"modelVersion\": \"gemini-2.5-flash\","
        + "\"responseId\": \"r1\"}\r\n\r\n"));
  }

  @Test
  void usageThatChangesAfterTheStopIsReportedAgain() {
    List<StreamEvent> events = decodeWhole(
      "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"A\"}],\"role\": \"model\"},"
        + "\"finishReason\": \"MAX_TOKENS\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 3}}\r\n\r\n"
        + "data: {\"usageMetadata\": {\"promptTokenCount\": 3,\"candidatesTokenCount\": 1}}\r\n\r\n");
    assertEquals(List.of(
      new MessageStart(null, null, new Usage(3, 0, 0, 0, 0)),
      BlockStart.text(0),
      new TextDelta(0, "A"),
      new BlockStop(0),
      new MessageDelta(StopReason.MAX_TOKENS, null, new Usage(3, 0, 0, 0, 0)),
      new MessageDelta(null, null, new Usage(3, 1, 0, 0, 0)),
      new MessageStop()), events);
  }
}

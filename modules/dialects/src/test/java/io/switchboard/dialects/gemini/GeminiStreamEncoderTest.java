package io.switchboard.dialects.gemini;

import static io.switchboard.dialects.StreamRuns.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.switchboard.api.chat.StreamEvent.SignatureDelta;
import io.switchboard.api.chat.StreamEvent.TextDelta;
import io.switchboard.api.chat.StreamEvent.ThinkingDelta;
import io.switchboard.api.chat.StreamEvent.ToolArgsDelta;
import io.switchboard.dialects.StreamEncoder;
import io.switchboard.dialects.StreamRuns;
import io.switchboard.dialects.gemini.GeminiStreamTranscripts.Transcript;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The exact bytes a Gemini client receives, as SSE ({@code alt=sse}) and as the streamed JSON array. */
class GeminiStreamEncoderTest {
  private final GeminiWireFormat gemini = new GeminiWireFormat();

  private static String model(Transcript transcript) {
    // the text transcript is asked for under an alias: the client sees its own name as modelVersion
    return transcript == GeminiStreamTranscripts.TEXT ? "my-gemini-alias"
      : ((MessageStart) transcript.events().get(0)).model();
  }

  @ParameterizedTest
  @FieldSource("io.switchboard.dialects.gemini.GeminiStreamTranscripts#ALL")
  void sseBytesMatchTheGoldenFile(Transcript transcript) {
    assertEquals(GoldenFiles.text(transcript.name() + ".sse"),
      encode(gemini.streamEncoder(model(transcript), false), transcript.events()));
  }

  @ParameterizedTest
  @FieldSource("io.switchboard.dialects.gemini.GeminiStreamTranscripts#ALL")
  void jsonArrayBytesMatchTheGoldenFile(Transcript transcript) {
    assertEquals(GoldenFiles.text(transcript.name() + ".array.json"),
      encode(gemini.jsonArrayStreamEncoder(model(transcript)), transcript.events()));
  }

  /** What the gateway writes, its own decoder (and so any alt=sse reader) reads back as the same events. */
  @ParameterizedTest
  @FieldSource("io.switchboard.dialects.gemini.GeminiStreamTranscripts#ALL")
  void sseGoldenDecodesBackToTheSameEvents(Transcript transcript) {
    List<StreamEvent> decoded = StreamRuns.decode(gemini.streamDecoder(),
      List.of(GoldenFiles.bytes(transcript.name() + ".sse")));
    List<StreamEvent> expected = new ArrayList<>(transcript.events());
    MessageStart start = (MessageStart) expected.get(0);
    expected.set(0, new MessageStart(start.id(), model(transcript), start.usage()));
    assertEquals(expected, decoded);
  }

  /** The array form holds the very chunks the SSE form does, and is one valid JSON array. */
  @ParameterizedTest
  @FieldSource("io.switchboard.dialects.gemini.GeminiStreamTranscripts#ALL")
  void jsonArrayHoldsTheSseChunks(Transcript transcript) {
    JsonArray array = new JsonArray(GoldenFiles.text(transcript.name() + ".array.json"));
    JsonArray chunks = new JsonArray();
    for (String event : GoldenFiles.text(transcript.name() + ".sse").split("\r\n\r\n")) {
      chunks.add(new JsonObject(event.substring("data: ".length())));
    }
    assertEquals(chunks, array);
  }

  /** An Anthropic stream: streamed argument fragments, a signature, redacted thinking and a held stop reason. */
  @Test
  void eventsFromAnotherDialectBecomeGeminiChunks() {
    List<StreamEvent> events = List.of(
      new MessageStart("msg_01", "claude-sonnet-4-5", new Usage(25, 1, 0, 0, 0)),
      BlockStart.redactedThinking(0, "EmwKAhgB"),
      new BlockStop(0),
      BlockStart.thinking(1),
      new ThinkingDelta(1, "Paris."),
      new SignatureDelta(1, "EqQBCkYI"),
      new BlockStop(1),
      BlockStart.toolCall(2, "toolu_01", "get_weather"),
      new ToolArgsDelta(2, ""),
      new ToolArgsDelta(2, "{\"city\": "),
      new ToolArgsDelta(2, "\"Paris\"}"),
      new BlockStop(2),
      new MessageDelta(StopReason.TOOL_USE, null, new Usage(25, 40, 0, 0, 0)),
      new MessageStop());
    String tail = "\"usageMetadata\":{\"promptTokenCount\":25,\"candidatesTokenCount\":1,\"totalTokenCount\":26},"
      + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"msg_01\"}\r\n\r\n";
    assertEquals(
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Paris.\",\"thought\":true}],\"role\":\"model\"},"
        + "\"index\":0}]," + tail
        + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\",\"thought\":true,\"thoughtSignature\":"
        + "\"EqQBCkYI\"}],\"role\":\"model\"},\"index\":0}]," + tail
        + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":"
        + "{\"city\":\"Paris\"},\"id\":\"toolu_01\"}}],\"role\":\"model\"},\"index\":0}]," + tail
        + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},\"finishReason\":"
        + "\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":25,\"candidatesTokenCount\":40,"
        + "\"totalTokenCount\":65},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"msg_01\"}\r\n\r\n",
      encode(gemini.streamEncoder("gemini-2.5-flash", false), events));
  }

  @Test
  void aFailureEndsTheSseStreamWithAnErrorObject() {
    StreamEncoder encoder = gemini.streamEncoder("m", true);
    assertEquals("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"},\"index\":0}],"
        + "\"modelVersion\":\"m\"}\r\n\r\n"
        + "data: {\"error\":{\"code\":429,\"message\":\"Resource exhausted\","
        + "\"status\":\"RESOURCE_EXHAUSTED\"}}\r\n\r\n",
      encode(encoder, List.of(new MessageStart(null, null, null), BlockStart.text(0), new TextDelta(0, "Hi"),
        new Failure(ErrorKind.RATE_LIMITED, "Resource exhausted"), new TextDelta(0, "ignored"), new MessageStop())));
    assertEquals("", encoder.error("late").toString(), "the stream is over: nothing more is written");
  }

  @Test
  void aFailureClosesTheJsonArrayWithAnErrorElement() {
    assertEquals("[{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"},\"index\":0}],"
        + "\"modelVersion\":\"m\"}\n,\r\n"
        + "{\"error\":{\"code\":503,\"message\":\"overloaded\",\"status\":\"UNAVAILABLE\"}}]",
      encode(gemini.jsonArrayStreamEncoder("m"), List.of(new TextDelta(0, "Hi"),
        new Failure(ErrorKind.UNAVAILABLE, "overloaded"), new MessageStop())));
  }

  @Test
  void errorWritesAnInternalErrorInTheStreamsFraming() {
    String error = "{\"error\":{\"code\":500,\"message\":\"upstream went away\",\"status\":\"INTERNAL\"}}";
    assertEquals("data: " + error + "\r\n\r\n",
      gemini.streamEncoder("m", true).error("upstream went away").toString());
    assertEquals("[" + error + "]", gemini.jsonArrayStreamEncoder("m").error("upstream went away").toString(),
      "nothing sent yet: the array holds only the error");
    StreamEncoder started = gemini.jsonArrayStreamEncoder("m");
    started.encode(List.of(new TextDelta(0, "Hi")), Buffer.buffer());
    assertEquals("\n,\r\n" + error + "]", started.error("upstream went away").toString());
  }
}

package io.switchboard.dialects.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Dialect;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.GoldenFiles;
import io.switchboard.dialects.StreamRuns;
import io.switchboard.dialects.WireFormats;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conversions through the canonical model with a Responses client or upstream on one side and each other dialect on
 * the other: the bodies and stream bytes the other side receives.
 */
class ResponsesConversionTest {
  private final ResponsesWireFormat responses = ResponsesTranscripts.FORMAT;

  @ParameterizedTest(name = "{0} for {1}")
  @CsvSource({
    "request-codex, OPENAI, gpt-4o, chat", "request-codex, ANTHROPIC, claude-sonnet-4-5, anthropic",
    "request-codex, GEMINI, gemini-2.5-pro, gemini", "request-structured, OPENAI, gpt-4o, chat",
    "request-structured, ANTHROPIC, claude-sonnet-4-5, anthropic",
    "request-structured, GEMINI, gemini-2.5-pro, gemini"})
  void responsesRequestsForOtherUpstreams(String golden, Dialect upstream, String model, String suffix) {
    CanonicalRequest canonical = responses.decodeRequest(GoldenFiles.json("responses/" + golden + ".json"), null,
      false);

    assertEquals(GoldenFiles.json("responses/" + golden + "." + suffix + ".json"),
      WireFormats.of(upstream).encodeRequest(canonical.with(model, canonical.stream())));
  }

  /** What Codex CLI reads when its model is served by another provider: the stream its request gets. */
  @ParameterizedTest(name = "{1} upstream")
  @CsvSource({"openai/stream-parallel-tools.sse, OPENAI, stream-from-chat.sse",
    "anthropic/stream-thinking.sse, ANTHROPIC, stream-from-anthropic.sse",
    "gemini/stream-function-call.upstream.sse, GEMINI, stream-from-gemini.sse"})
  void otherUpstreamsStreamsForACodexClient(String upstreamStream, Dialect upstream, String golden) {
    List<StreamEvent> events = ResponsesTranscripts.decode(WireFormats.of(upstream).streamDecoder(),
      GoldenFiles.bytes(upstreamStream));

    assertEquals(GoldenFiles.text("responses/" + golden), StreamRuns.encode(
      responses.streamEncoder("gpt-5-codex", false, GoldenFiles.json("responses/request-codex.json")), events));
  }

  /** An upstream that speaks Responses, for clients that do not: reasoning summaries become their thinking. */
  @ParameterizedTest(name = "{0} client")
  @CsvSource({"ANTHROPIC, anthropic", "GEMINI, gemini"})
  void responsesUpstreamStreamForOtherClients(Dialect client, String suffix) {
    List<StreamEvent> events = ResponsesTranscripts.decode(responses.streamDecoder(),
      GoldenFiles.bytes("responses/upstream-stream-reasoning-call.sse"));

    assertEquals(GoldenFiles.text("responses/upstream-stream-reasoning-call." + suffix + ".sse"),
      StreamRuns.encode(WireFormats.of(client).streamEncoder("gpt-5", true), events));
  }
}

package io.switchboard.adapters.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.chat.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ollama's NDJSON stream into canonical events, however the upstream's reads cut its lines. */
class OllamaStreamDecoderTest {
  private static final String TEXT_STREAM = piece("{\"role\":\"assistant\",\"content\":\"Hé\"}")
    + piece("{\"role\":\"assistant\",\"content\":\"llo ✓\"}")
    + "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
    + "\"done_reason\":\"stop\",\"prompt_eval_count\":11,\"eval_count\":3}\n";

  @Test
  void textLinesCutAtAnyByteDecodeAsOneRead() {
    List<String> whole = describe(decode(List.of(TEXT_STREAM.getBytes(StandardCharsets.UTF_8))));
    assertEquals(List.of("start llama3.2", "open 0 TEXT", "text 0 Hé", "text 0 llo ✓", "close 0",
      "delta END_TURN stop 11/3", "stop"), whole);
    byte[] bytes = TEXT_STREAM.getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < bytes.length; cut++) {
      List<byte[]> reads = List.of(java.util.Arrays.copyOfRange(bytes, 0, cut),
        java.util.Arrays.copyOfRange(bytes, cut, bytes.length));
      assertEquals(whole, describe(decode(reads)), "cut at byte " + cut);
    }
  }

  @Test
  void thinkingThenAToolCallEachGetABlockAndTheStopSaysToolUse() {
    String stream = piece("{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"Paris?\"}")
      + piece("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\","
        + "\"arguments\":{\"city\":\"Paris\"}}}]}")
      + "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
      + "\"done_reason\":\"stop\",\"prompt_eval_count\":20,\"eval_count\":7}"; // the last line has no newline
    assertEquals(List.of("start llama3.2", "open 0 THINKING", "thinking 0 Paris?", "close 0",
      "open 1 TOOL_CALL get_weather", "args 1 {\"city\":\"Paris\"}", "close 1", "delta TOOL_USE stop 20/7", "stop"),
      describe(decode(List.of(stream.getBytes(StandardCharsets.UTF_8)))));
  }

  @Test
  void anErrorLineEndsTheStreamAsAFailure() {
    String stream = piece("{\"role\":\"assistant\",\"content\":\"Hi\"}") + "{\"error\":\"model runner stopped\"}\n"
      + piece("{\"role\":\"assistant\",\"content\":\"ignored\"}");
    assertEquals(List.of("start llama3.2", "open 0 TEXT", "text 0 Hi", "failure UPSTREAM_ERROR model runner stopped"),
      describe(decode(List.of(stream.getBytes(StandardCharsets.UTF_8)))));
  }

  private static String piece(String message) {
    return "{\"model\":\"llama3.2\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":" + message
      + ",\"done\":false}\n";
  }

  private static List<StreamEvent> decode(List<byte[]> reads) {
    OllamaStreamDecoder decoder = new OllamaStreamDecoder();
    List<StreamEvent> events = new ArrayList<>();
    reads.forEach(read -> events.addAll(decoder.decode(Buffer.buffer(read))));
    events.addAll(decoder.finish());
    return events;
  }

  /** Each event in a few words; answer ids are random, so they are left out. */
  private static List<String> describe(List<StreamEvent> events) {
    List<String> out = new ArrayList<>();
    for (StreamEvent event : events) {
      out.add(describe(event));
    }
    return out;
  }

  private static String describe(StreamEvent event) {
    if (event instanceof StreamEvent.MessageStart start) {
      return "start " + start.model();
    } else if (event instanceof StreamEvent.BlockStart open) {
      return "open " + open.index() + " " + open.kind() + (open.toolName() == null ? "" : " " + open.toolName());
    } else if (event instanceof StreamEvent.TextDelta text) {
      return "text " + text.index() + " " + text.text();
    } else if (event instanceof StreamEvent.ThinkingDelta thinking) {
      return "thinking " + thinking.index() + " " + thinking.text();
    } else if (event instanceof StreamEvent.ToolArgsDelta args) {
      return "args " + args.index() + " " + args.partialJson();
    } else if (event instanceof StreamEvent.BlockStop stop) {
      return "close " + stop.index();
    } else if (event instanceof StreamEvent.MessageDelta delta) {
      return "delta " + delta.stopReason() + " " + delta.stopDetail() + " " + delta.usage().inputTokens() + "/"
        + delta.usage().outputTokens();
    } else if (event instanceof StreamEvent.Failure failure) {
      return "failure " + failure.kind() + " " + failure.message();
    }
    return event instanceof StreamEvent.MessageStop ? "stop" : event.toString();
  }
}

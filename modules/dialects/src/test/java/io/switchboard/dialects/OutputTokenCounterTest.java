package io.switchboard.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.api.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream's output counted delta by delta is the count of the whole answer, in whatever pieces it arrives. */
class OutputTokenCounterTest {

  /** About 60 000 characters of prose, numbers, code and non-Latin text: many pieces for the counter. */
  private static String longAnswer() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      text.append("Paragraph ").append(i).append(": the gateway relays 12,345 tokens a second, ")
        .append("Grüße aus Köln — 你好世界, \"quoted\"\tand\ttabbed.\n")
        .append("    if (x <= 42) { return y * 3.14159; }\n\n");
    }
    return text.toString();
  }

  @Test
  void countingDeltaByDeltaGivesTheCountOfTheWholeText() {
    String answer = longAnswer();
    for (int size : new int[] {1, 7, 64, 5000}) {
      OutputTokenCounter counter = new OutputTokenCounter();
      for (int at = 0; at < answer.length(); at += size) {
        counter.add(List.of(new StreamEvent.TextDelta(0, answer.substring(at, Math.min(answer.length(), at + size)))));
      }
      assertEquals(TokenEstimate.text(answer), counter.tokens(), "deltas of " + size + " characters");
    }
  }

  @Test
  void textThinkingAndToolArgumentsCountNothingElseDoes() {
    OutputTokenCounter counter = new OutputTokenCounter();
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.MessageStart("msg_1", "model-name-that-is-not-output", new Usage(5, 1, 0, 0, 0)));
    events.add(StreamEvent.BlockStart.thinking(0));
    events.add(new StreamEvent.ThinkingDelta(0, "Let me think about the weather."));
    events.add(new StreamEvent.SignatureDelta(0, "c2lnbmF0dXJlIGJ5dGVz"));
    events.add(new StreamEvent.BlockStop(0));
    events.add(StreamEvent.BlockStart.toolCall(1, "call_1", "get_weather"));
    events.add(new StreamEvent.ToolArgsDelta(1, "{\"city\":"));
    events.add(new StreamEvent.ToolArgsDelta(1, "\"Paris\"}"));
    events.add(new StreamEvent.BlockStop(1));
    events.add(StreamEvent.BlockStart.text(2));
    events.add(new StreamEvent.TextDelta(2, " It is sunny."));
    events.add(new StreamEvent.MessageDelta(StopReason.END_TURN, null, new Usage(5, 30, 0, 0, 0)));
    events.add(new StreamEvent.MessageStop());

    counter.add(events);

    assertEquals(TokenEstimate.text("Let me think about the weather.") + TokenEstimate.text("{\"city\":\"Paris\"}")
      + TokenEstimate.text(" It is sunny."), counter.tokens());
  }
}

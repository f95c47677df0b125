package io.switchboard.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Dialect;
import io.switchboard.api.chat.StreamEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text deltas written from a template are the bytes the encoders' JSON path writes, whatever the text holds. */
class SseTemplateTest {
  private static final List<String> TEXTS = List.of("plain", "", "quote \" backslash \\ slash /",
    "lines\nand\ttabs\r\u0000\u001f\u007f", "caf\u00e9 \u4e2d\u6587 \ud83d\ude00", "\ud83d alone", "\u2028\u2029",
    SseTemplate.HOLE + " not a hole");

  @Test
  void anthropicAndOpenAiTextDeltasAreWhatJsonWrites() {
    for (Dialect dialect : List.of(Dialect.ANTHROPIC, Dialect.OPENAI)) {
      for (int index : new int[] {0, 3}) {
        StreamEncoder encoder = WireFormats.of(dialect).streamEncoder("m\"odel", true);
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.MessageStart("id-1", "m", null));
        events.add(StreamEvent.BlockStart.text(index));
        TEXTS.forEach(text -> events.add(new StreamEvent.TextDelta(index, text)));
        Buffer out = Buffer.buffer();
        events.forEach(event -> encoder.encode(List.of(event), out));
        SseParser parser = new SseParser();
        List<String> texts = new ArrayList<>();
        for (SseParser.Event event : parser.feed(out)) {
          JsonObject data = new JsonObject(event.data());
          assertEquals(data.encode(), event.data(), dialect + ": written as the JSON path writes it");
          String text = dialect == Dialect.ANTHROPIC
            ? data.getJsonObject("delta", new JsonObject()).getString("text")
            : data.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content");
          if (text != null) {
            texts.add(text);
          }
        }
        List<String> expected = new ArrayList<>(TEXTS);
        expected.set(TEXTS.indexOf("\ud83d alone"), "? alone"); // what UTF-8 makes of an unpaired surrogate
        if (dialect == Dialect.OPENAI) {
          expected.add(0, ""); // the role chunk's empty content
        }
        assertEquals(expected, texts, dialect + " index " + index);
      }
    }
  }
}

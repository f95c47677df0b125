package io.switchboard.dialects;

import io.switchboard.api.chat.StreamEvent;
import java.util.List;

/**
 * Counts a streamed answer's output tokens as its events pass (text, thinking and tool-call arguments, as
 * {@link TokenEstimate} counts a whole answer), so a stream cut short can be charged for what it delivered without
 * keeping or decoding its bytes again. Text waits in a small buffer and is counted in pieces cut before a space
 * that starts a word after a non-space, where the tokenizer splits anyway: the sum is what counting the whole text
 * gives.
 */
public final class OutputTokenCounter {
  private static final int PIECE_CHARS = 4096;
  private final StringBuilder pending = new StringBuilder();
  private long counted;

  /** Counts the generated content among these events. */
  public void add(List<StreamEvent> events) {
    for (StreamEvent event : events) {
      if (event instanceof StreamEvent.TextDelta d) {
        add(d.text());
      } else if (event instanceof StreamEvent.ThinkingDelta d) {
        add(d.text());
      } else if (event instanceof StreamEvent.ToolArgsDelta d) {
        add(d.partialJson());
      }
    }
  }

  /** Counts one piece of generated content (text, thinking or tool-call arguments), in stream order. */
  public void add(String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    pending.append(text);
    if (pending.length() < PIECE_CHARS) {
      return;
    }
    int cut = pending.length() - 2;
    while (cut > 0 && !(pending.charAt(cut) == ' ' && Character.isLetter(pending.charAt(cut + 1))
      && !Character.isWhitespace(pending.charAt(cut - 1)))) {
      cut--;
    }
    if (cut == 0 && pending.length() < 4 * PIECE_CHARS) {
      return; // no word boundary yet: wait for one
    }
    int end = cut == 0 ? pending.length() : cut;
    counted += TokenEstimate.text(pending.substring(0, end));
    pending.delete(0, end);
  }

  /** Output tokens in everything added so far. */
  public long tokens() {
    return counted + TokenEstimate.text(pending.toString());
  }
}

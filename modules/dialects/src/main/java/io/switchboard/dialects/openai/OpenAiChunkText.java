package io.switchboard.dialects.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.dialects.OutputTokenCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the generated content of a passed-through Chat Completions stream, event by whole event, reading each
 * chunk's JSON as a token stream instead of building its tree: choice 0's reasoning ({@code reasoning_content}, else
 * {@code reasoning}), text ({@code content}, else {@code refusal}) and tool-call argument fragments, in the order
 * {@link OpenAiStreamDecoder} emits them, so the count is the one converting the stream would give. It stops, as
 * the decoder does, at {@code [DONE]}, an error chunk or an unreadable one. (The decoder also drops argument
 * fragments sent to a tool call it has closed, which only a malformed stream does; these are counted.) Measured: the
 * decoder's tree parse was four fifths of the bytes the pass-through allocated per stream.
 */
final class OpenAiChunkText {
  private static final JsonFactory JSON = new JsonFactory();
  private final OutputTokenCounter counter;
  private boolean ended;

  OpenAiChunkText(OutputTokenCounter counter) {
    this.counter = counter;
  }

  /** Counts the event in {@code bytes[from, to)} (its lines, blank line included). */
  void event(byte[] bytes, int from, int to) {
    if (ended) {
      return;
    }
    int dataFrom = -1;
    int dataTo = -1;
    byte[] joined = null;
    int at = from;
    while (at < to) {
      int lineEnd = at;
      while (lineEnd < to && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
        lineEnd++;
      }
      if (lineEnd - at >= 5 && bytes[at] == 'd' && bytes[at + 1] == 'a' && bytes[at + 2] == 't' && bytes[at + 3] == 'a'
        && bytes[at + 4] == ':') {
        int value = at + 5 < lineEnd && bytes[at + 5] == ' ' ? at + 6 : at + 5;
        if (dataFrom < 0) {
          dataFrom = value;
          dataTo = lineEnd;
        } else { // a chunk spread over several data lines: rare, joined as SSE joins them
          joined = join(joined != null ? joined : java.util.Arrays.copyOfRange(bytes, dataFrom, dataTo), bytes, value,
            lineEnd);
        }
      }
      at = lineEnd < to && bytes[lineEnd] == '\r' && lineEnd + 1 < to && bytes[lineEnd + 1] == '\n' ? lineEnd + 2
        : lineEnd + 1;
    }
    if (joined != null) {
      data(joined, 0, joined.length);
    } else if (dataFrom >= 0) {
      data(bytes, dataFrom, dataTo);
    }
  }

  private static byte[] join(byte[] head, byte[] bytes, int from, int to) {
    byte[] out = java.util.Arrays.copyOf(head, head.length + 1 + to - from);
    out[head.length] = '\n';
    System.arraycopy(bytes, from, out, head.length + 1, to - from);
    return out;
  }

  private void data(byte[] bytes, int from, int to) {
    if (new String(bytes, from, Math.min(to - from, 64), StandardCharsets.ISO_8859_1).strip().equals("[DONE]")) {
      ended = true;
      return;
    }
    List<String> pieces = new ArrayList<>(2);
    try (JsonParser parser = JSON.createParser(bytes, from, to - from)) {
      if (parser.nextToken() != JsonToken.START_OBJECT || !chunk(parser, pieces) || parser.nextToken() != null) {
        ended = true;
        return;
      }
    } catch (IOException | RuntimeException unreadable) {
      ended = true;
      return;
    }
    for (String piece : pieces) {
      counter.add(piece);
    }
  }

  /** The chunk's fields; false when it is an error chunk. */
  private static boolean chunk(JsonParser parser, List<String> pieces) throws IOException {
    boolean firstSeen = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("error") && value == JsonToken.START_OBJECT) {
        return false;
      }
      if (field.equals("choices") && value == JsonToken.START_ARRAY && !firstSeen) {
        while ((value = parser.nextToken()) != JsonToken.END_ARRAY) {
          if (value == JsonToken.START_OBJECT) {
            Choice choice = choice(parser);
            if (!firstSeen && choice.first) {
              firstSeen = true;
              choice.addTo(pieces);
            }
          } else {
            parser.skipChildren();
          }
        }
      } else {
        parser.skipChildren();
      }
    }
    return true;
  }

  /** What one choice's delta generated, and whether it is choice 0 (an index left out counts as 0). */
  private static final class Choice {
    boolean first = true;
    String reasoningContent;
    String reasoning;
    String content;
    String refusal;
    final List<String> arguments = new ArrayList<>(1);

    void addTo(List<String> pieces) {
      pieces.add(reasoningContent != null ? reasoningContent : reasoning);
      pieces.add(content != null ? content : refusal);
      pieces.addAll(arguments);
    }
  }

  private static Choice choice(JsonParser parser) throws IOException {
    Choice choice = new Choice();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("index")) {
        choice.first = !value.isNumeric() || parser.getIntValue() == 0;
      } else if (field.equals("delta") && value == JsonToken.START_OBJECT) {
        delta(parser, choice);
      } else {
        parser.skipChildren();
      }
    }
    return choice;
  }

  private static void delta(JsonParser parser, Choice choice) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
      if (!field.equals("tool_calls")) {
        parser.skipChildren(); // a value of another type counts as absent, as in the decoder
      }
      switch (field) {
        case "reasoning_content" -> choice.reasoningContent = text;
        case "reasoning" -> choice.reasoning = text;
        case "content" -> choice.content = text;
        case "refusal" -> choice.refusal = text;
        case "tool_calls" -> {
          if (value == JsonToken.START_ARRAY) {
            toolCalls(parser, choice.arguments);
          } else {
            parser.skipChildren();
          }
        }
        default -> { }
      }
    }
  }

  private static void toolCalls(JsonParser parser, List<String> arguments) throws IOException {
    JsonToken call;
    while ((call = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (call != JsonToken.START_OBJECT) {
        parser.skipChildren();
        continue;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("function") && value == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken v = parser.nextToken();
            if (name.equals("arguments") && v == JsonToken.VALUE_STRING) {
              arguments.add(parser.getText());
            } else {
              parser.skipChildren();
            }
          }
        } else {
          parser.skipChildren();
        }
      }
    }
  }
}

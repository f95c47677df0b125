package io.switchboard.dialects.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Usage;
import io.switchboard.dialects.ByteView;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/**
 * The usage of a complete Chat Completions answer that goes to its client as it came, read as a token stream: only
 * the {@code usage} object is built, where the tree of the whole answer was built to read it (measured: that parse
 * was 4 % of the event loop's time on a plain request). It accepts and refuses what {@link OpenAiWireFormat}'s
 * {@code decodeResponse} over the parsed body does, with the same parser settings ({@link JsonSubtrees}): not one
 * JSON object (trailing tokens included), or no {@code choices} whose first is an object; of a key given twice the
 * last counts. One difference, deliberate: a string over Jackson's 20,000,000-character limit in a part not read is
 * skipped, where the tree refused the whole answer as not JSON.
 */
final class OpenAiAnswerUsage {
  private OpenAiAnswerUsage() {
  }

  static Usage of(Buffer body) {
    boolean hasChoice = false;
    JsonObject usage = null;
    ByteView bytes = ByteView.of(body);
    try (JsonParser parser = JsonSubtrees.JSON.createParser(bytes.array(), bytes.start(), bytes.length())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw WireFormat.notJsonAnswer();
      }
      String name;
      while ((name = parser.nextFieldName()) != null) {
        JsonToken value = parser.nextToken();
        switch (name) { // of a key given twice the last counts
          case "choices" -> hasChoice = firstIsObject(parser, value);
          case "usage" -> usage = JsonSubtrees.object(parser, value);
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw WireFormat.notJsonAnswer();
      }
    } catch (IOException | RuntimeException notJson) {
      throw notJson instanceof GatewayException known ? known : WireFormat.notJsonAnswer();
    }
    if (!hasChoice) {
      throw OpenAiCanonicalResponses.noChoices();
    }
    return OpenAiUsage.from(usage);
  }

  /** Whether the value at the parser is an array whose first element is an object; leaves the parser at its end. */
  private static boolean firstIsObject(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return false;
    }
    JsonToken element = parser.nextToken();
    boolean object = element == JsonToken.START_OBJECT;
    while (element != JsonToken.END_ARRAY) {
      parser.skipChildren();
      element = parser.nextToken();
    }
    return object;
  }
}

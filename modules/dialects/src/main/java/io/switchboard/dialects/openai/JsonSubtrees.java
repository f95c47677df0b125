package io.switchboard.dialects.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/**
 * For readers that walk a JSON document's tokens and build only the parts they keep: the parser settings of Vert.x'
 * own (comments allowed, Jackson's default limits, which Vert.x keeps unless told), and the part at the parser built
 * as {@code new JsonObject(text)} would build it (numbers as Integer, Long, BigInteger or Double).
 */
final class JsonSubtrees {
  static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();

  private JsonSubtrees() {
  }

  /** At an object's start: the object; leaves the parser at its end. */
  static JsonObject object(JsonParser parser) throws IOException {
    JsonObject object = new JsonObject();
    String name;
    while ((name = parser.nextFieldName()) != null) {
      object.put(name, value(parser, parser.nextToken()));
    }
    return object;
  }

  /** At an array's start: the array; leaves the parser at its end. */
  static JsonArray array(JsonParser parser) throws IOException {
    JsonArray array = new JsonArray();
    for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
      array.add(value(parser, element));
    }
    return array;
  }

  /** The text at the parser when it is a string, else null (what is there skipped). */
  static String string(JsonParser parser, JsonToken token) throws IOException {
    return token == JsonToken.VALUE_STRING ? parser.getText() : skipped(parser);
  }

  /** The object at the parser when there is one, else null (what is there skipped). */
  static JsonObject object(JsonParser parser, JsonToken token) throws IOException {
    return token == JsonToken.START_OBJECT ? object(parser) : skipped(parser);
  }

  /** The array at the parser when there is one, else null (what is there skipped). */
  static JsonArray array(JsonParser parser, JsonToken token) throws IOException {
    return token == JsonToken.START_ARRAY ? array(parser) : skipped(parser);
  }

  /** Skips the value at the parser (a value of another type than the one read counts as absent): null. */
  static <T> T skipped(JsonParser parser) throws IOException {
    parser.skipChildren();
    return null;
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> null;
    };
  }
}

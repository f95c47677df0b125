package io.switchboard.dialects.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/**
 * One Chat Completions stream chunk as {@link OpenAiStreamDecoder} reads it, taken from the chunk's tokens: the tree
 * of every chunk was four fifths of converting a stream from an OpenAI upstream (measured). Only what the decoder
 * reads is kept, and kept as a tree of the chunk would give it: a value of another type than the one read counts as
 * absent, of a key given twice the last counts, and choice 0 is the first choice whose {@code index} is 0 or no
 * number. One difference, deliberate: a string over Jackson's 20,000,000-character limit in a part not read is
 * skipped, where the tree refused the whole chunk (and so failed the stream).
 *
 * @param error  the {@code error} object, or null
 * @param usage  the {@code usage} object, or null
 * @param choice choice 0, or null
 */
record OpenAiChunk(String id, String model, JsonObject error, JsonObject usage, Choice choice) {
  /** @param delta the {@code delta} object, or null when there is none (or it is no object) */
  record Choice(Delta delta, String finishReason) {
  }

  /** The fields of a delta the decoder reads; {@code toolCalls} is the array, or null. */
  record Delta(String reasoningContent, String reasoning, String content, String refusal, JsonArray toolCalls) {
    /** The reasoning: {@code reasoning_content}, else {@code reasoning} (as vLLM and OpenRouter name it), or null. */
    String reasoningText() {
      return reasoningContent != null ? reasoningContent : reasoning;
    }

    /** The text: {@code content}, else {@code refusal} (the whole answer when it comes), or null. */
    String text() {
      return content != null ? content : refusal;
    }
  }

  /** The chunk in an event's data; a DecodeException when it is not one JSON object. */
  static OpenAiChunk read(String data) {
    try (JsonParser parser = JsonSubtrees.JSON.createParser(data)) {
      return read(parser);
    } catch (IOException unreadable) {
      throw new DecodeException(unreadable.getMessage());
    }
  }

  /** The same, from the UTF-8 bytes {@code bytes[from, to)}. */
  static OpenAiChunk read(byte[] bytes, int from, int to) {
    try (JsonParser parser = JsonSubtrees.JSON.createParser(bytes, from, to - from)) {
      return read(parser);
    } catch (IOException unreadable) {
      throw new DecodeException(unreadable.getMessage());
    }
  }

  private static OpenAiChunk read(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new DecodeException("a chunk is a JSON object");
    }
    String id = null;
    String model = null;
    JsonObject error = null;
    JsonObject usage = null;
    Choice choice = null;
    String name;
    while ((name = parser.nextFieldName()) != null) {
      JsonToken value = parser.nextToken();
      switch (name) {
        case "id" -> id = JsonSubtrees.string(parser, value);
        case "model" -> model = JsonSubtrees.string(parser, value);
        case "error" -> error = JsonSubtrees.object(parser, value);
        case "usage" -> usage = JsonSubtrees.object(parser, value);
        case "choices" -> choice = value == JsonToken.START_ARRAY ? firstChoice(parser) : JsonSubtrees.skipped(parser);
        default -> parser.skipChildren();
      }
    }
    if (parser.nextToken() != null) {
      throw new DecodeException("a chunk is one JSON object");
    }
    return new OpenAiChunk(id, model, error, usage, choice);
  }

  /** At the choices' start: choice 0, or null; leaves the parser at their end. */
  private static Choice firstChoice(JsonParser parser) throws IOException {
    Choice first = null;
    for (JsonToken entry = parser.nextToken(); entry != JsonToken.END_ARRAY; entry = parser.nextToken()) {
      if (first == null && entry == JsonToken.START_OBJECT) {
        first = choice(parser);
      } else {
        parser.skipChildren();
      }
    }
    return first;
  }

  /** At a choice's start: the choice when it is choice 0, else null; leaves the parser at its end. */
  private static Choice choice(JsonParser parser) throws IOException {
    Object index = null;
    Delta delta = null;
    String finishReason = null;
    String name;
    while ((name = parser.nextFieldName()) != null) {
      JsonToken value = parser.nextToken();
      switch (name) {
        case "index" -> index = value.isNumeric() ? parser.getNumberValue() : JsonSubtrees.skipped(parser);
        case "delta" -> delta = value == JsonToken.START_OBJECT ? delta(parser) : JsonSubtrees.skipped(parser);
        case "finish_reason" -> finishReason = JsonSubtrees.string(parser, value);
        default -> parser.skipChildren();
      }
    }
    return !(index instanceof Number n) || n.intValue() == 0 ? new Choice(delta, finishReason) : null;
  }

  private static Delta delta(JsonParser parser) throws IOException {
    String reasoningContent = null;
    String reasoning = null;
    String content = null;
    String refusal = null;
    JsonArray toolCalls = null;
    String name;
    while ((name = parser.nextFieldName()) != null) {
      JsonToken value = parser.nextToken();
      switch (name) {
        case "reasoning_content" -> reasoningContent = JsonSubtrees.string(parser, value);
        case "reasoning" -> reasoning = JsonSubtrees.string(parser, value);
        case "content" -> content = JsonSubtrees.string(parser, value);
        case "refusal" -> refusal = JsonSubtrees.string(parser, value);
        case "tool_calls" -> toolCalls = JsonSubtrees.array(parser, value);
        default -> parser.skipChildren();
      }
    }
    return new Delta(reasoningContent, reasoning, content, refusal, toolCalls);
  }
}

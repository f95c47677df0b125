package io.switchboard.testkit;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** How {@link MockUpstream} answers the next requests, on every route; immutable, built with withers. */
public record MockBehavior(
    int status,
    String errorBody,
    int chunks,
    long chunkDelayMs,
    int abortAfterChunks,
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    long headersDelayMs,
    boolean recordBody,
    String retryAfter,
    String toolName,
    String toolArguments,
    String thinking) {

  public static final String DEFAULT_ERROR_BODY =
      "{\"error\":{\"message\":\"mock failure\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";

  /** Marks completionTokens as "same as chunks", so withChunks alone keeps usage consistent. */
  private static final long COMPLETION_FOLLOWS_CHUNKS = -1;

  public MockBehavior {
    if (chunks < 0) {
      throw new IllegalArgumentException("chunks must be >= 0");
    }
    if (errorBody == null) {
      errorBody = DEFAULT_ERROR_BODY;
    }
    if ((toolName == null) != (toolArguments == null)) {
      throw new IllegalArgumentException("toolName and toolArguments go together");
    }
  }

  /** The shape before tool calls and thinking existed: a plain text answer. */
  public MockBehavior(int status, String errorBody, int chunks, long chunkDelayMs, int abortAfterChunks,
      long promptTokens, long completionTokens, long cachedTokens, long headersDelayMs, boolean recordBody,
      String retryAfter) {
    this(status, errorBody, chunks, chunkDelayMs, abortAfterChunks, promptTokens, completionTokens, cachedTokens,
        headersDelayMs, recordBody, retryAfter, null, null, null);
  }

  public static MockBehavior ok() {
    return new MockBehavior(200, DEFAULT_ERROR_BODY, 3, 0, -1, 11, COMPLETION_FOLLOWS_CHUNKS, 0, 0, true, null);
  }

  /** Completion tokens reported in usage: the explicit value from withUsage, else the chunk count. */
  @Override
  public long completionTokens() {
    return completionTokens < 0 ? chunks : completionTokens;
  }

  public MockBehavior withStatus(int status) {
    return withStatus(status, DEFAULT_ERROR_BODY);
  }

  public MockBehavior withStatus(int status, String errorBody) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks, promptTokens,
        completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter, toolName, toolArguments, thinking);
  }

  public MockBehavior withChunks(int chunks) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks, promptTokens,
        completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter, toolName, toolArguments, thinking);
  }

  public MockBehavior withChunkDelayMs(long chunkDelayMs) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks, promptTokens,
        completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter, toolName, toolArguments, thinking);
  }

  public MockBehavior withAbortAfterChunks(int abortAfterChunks) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks, promptTokens,
        completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter, toolName, toolArguments, thinking);
  }

  public MockBehavior withUsage(long promptTokens, long completionTokens, long cachedTokens) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks, promptTokens,
        completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter, toolName, toolArguments, thinking);
  }

  public MockBehavior withHeadersDelayMs(long headersDelayMs) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks, promptTokens,
        completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter, toolName, toolArguments, thinking);
  }

  public MockBehavior withRecordBody(boolean recordBody) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks, promptTokens,
        completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter, toolName, toolArguments, thinking);
  }

  /** A {@code retry-after} header on error answers (null: none). */
  public MockBehavior withRetryAfter(String retryAfter) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks, promptTokens,
        completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter, toolName, toolArguments, thinking);
  }

  /**
   * Answers with one call of tool {@code name} instead of text; {@code argumentsJson} must be a JSON object and is
   * streamed in the {@link #argumentFragments()}.
   */
  public MockBehavior withToolCall(String name, String argumentsJson) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a tool call needs a name");
    }
    try {
      new JsonObject(argumentsJson == null ? "" : argumentsJson);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("tool arguments must be a JSON object: " + argumentsJson, e);
    }
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks, promptTokens,
        completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter, name, argumentsJson, thinking);
  }

  /** Anthropic and Gemini answers open with this reasoning (null: none); OpenAI routes ignore it. */
  public MockBehavior withThinking(String text) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks, promptTokens,
        completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter, toolName, toolArguments, text);
  }

  /** True when the answer is a tool call rather than text. */
  public boolean toolCall() {
    return toolName != null;
  }

  /** The whole text answer: {@code tok0 tok1 ...}, one token per chunk. */
  public String text() {
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < chunks; i++) {
      content.append(MockUpstream.token(i));
    }
    return content.toString();
  }

  /**
   * The tool arguments as streamed: consecutive pieces of {@code ceil(length / max(2, chunks))} characters (never
   * splitting a surrogate pair), so there are always at least two; empty when there is no tool call.
   */
  public List<String> argumentFragments() {
    List<String> fragments = new ArrayList<>();
    if (toolArguments == null) {
      return fragments;
    }
    int length = toolArguments.length();
    int size = Math.max(1, (length + Math.max(2, chunks) - 1) / Math.max(2, chunks));
    for (int start = 0; start < length; ) {
      int end = Math.min(length, start + size);
      if (end < length && Character.isHighSurrogate(toolArguments.charAt(end - 1))) {
        end++;
      }
      fragments.add(toolArguments.substring(start, end));
      start = end;
    }
    return fragments;
  }

  /** The index of the stream event before which the connection is cut, or -1: after the content events. */
  int abortIndex(int openingEvents, int contentEvents) {
    return abortAfterChunks >= 0 && abortAfterChunks <= contentEvents ? openingEvents + abortAfterChunks : -1;
  }
}

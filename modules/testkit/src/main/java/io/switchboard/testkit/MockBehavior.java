package io.switchboard.testkit;

/** How {@link MockUpstream} answers the next chat completion requests; immutable, built with withers. */
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
    String retryAfter) {

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
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks,
        promptTokens, completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter);
  }

  public MockBehavior withChunks(int chunks) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks,
        promptTokens, completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter);
  }

  public MockBehavior withChunkDelayMs(long chunkDelayMs) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks,
        promptTokens, completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter);
  }

  public MockBehavior withAbortAfterChunks(int abortAfterChunks) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks,
        promptTokens, completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter);
  }

  public MockBehavior withUsage(long promptTokens, long completionTokens, long cachedTokens) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks,
        promptTokens, completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter);
  }

  public MockBehavior withHeadersDelayMs(long headersDelayMs) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks,
        promptTokens, completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter);
  }

  public MockBehavior withRecordBody(boolean recordBody) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks,
        promptTokens, completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter);
  }

  /** A {@code retry-after} header on error answers (null: none). */
  public MockBehavior withRetryAfter(String retryAfter) {
    return new MockBehavior(status, errorBody, chunks, chunkDelayMs, abortAfterChunks,
        promptTokens, completionTokens, cachedTokens, headersDelayMs, recordBody, retryAfter);
  }

  /** True when a stream should be cut after {@code written} content chunks. */
  boolean abortsAt(int written) {
    return abortAfterChunks >= 0 && abortAfterChunks <= chunks && written == abortAfterChunks;
  }
}

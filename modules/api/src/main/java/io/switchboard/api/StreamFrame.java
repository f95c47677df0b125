package io.switchboard.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One message of a response stream: {@code DATA} carries client-ready bytes (everything one upstream read
 * delivered), then exactly one {@code END} (final usage, and the stream's last bytes when they were ready with it, so
 * the client gets them and the stream's end in one write) or {@code ERROR} (a message safe to show the client, and
 * the failure's {@link ErrorClass}). Both last frames carry the usage the upstream reported (null if none) and
 * {@code estimatedOutputTokens}, the output the provider counted in what it passed on (for an {@code END} whose
 * usage reports output tokens, that number: the count is not made).
 */
public record StreamFrame(Kind kind, long seq, Buffer data, Usage usage, String error, ErrorClass errorClass,
                          long estimatedOutputTokens, long units) {
  public enum Kind { DATA, END, ERROR }

  public StreamFrame(Kind kind, long seq, Buffer data, Usage usage, String error) {
    this(kind, seq, data, usage, error, null, 0, 0);
  }

  /** The last frame of a stream that failed, with what it had counted. */
  public static StreamFrame error(long seq, StreamTally tally, String error, ErrorClass errorClass) {
    return new StreamFrame(Kind.ERROR, seq, null, tally.usage(), error, errorClass, tally.estimatedOutputTokens(),
      tally.units());
  }

  /** The last frame of a whole answer, with what it had counted. */
  public static StreamFrame end(long seq, StreamTally tally) {
    return end(seq, tally, null);
  }

  /** The last frame of a whole answer, with its last bytes (null if none) and what it had counted. */
  public static StreamFrame end(long seq, StreamTally tally, Buffer lastData) {
    return new StreamFrame(Kind.END, seq, lastData, tally.usage(), null, null, tally.estimatedOutputTokens(),
      tally.units());
  }

  /** What this last frame counted. */
  public StreamTally tally() {
    return new StreamTally(usage, estimatedOutputTokens, units);
  }

  public static StreamFrame data(long seq, Buffer data) {
    return new StreamFrame(Kind.DATA, seq, data, null, null);
  }

  public static StreamFrame error(long seq, Usage usage, String error) {
    return new StreamFrame(Kind.ERROR, seq, null, usage, error);
  }

  public JsonObject toJson() {
    return new JsonObject().put("kind", kind.name()).put("seq", seq)
      .put("data", data == null ? null : data.getBytes())
      .put("usage", usage == null ? null : usage.toJson()).put("error", error)
      .put("errorClass", ErrorClass.wireName(errorClass)).put("estimatedOutputTokens", estimatedOutputTokens)
      .put("units", units);
  }

  public static StreamFrame fromJson(JsonObject json) {
    byte[] data = json.getBinary("data");
    return new StreamFrame(Kind.valueOf(json.getString("kind")), json.getLong("seq"),
      data == null ? null : Buffer.buffer(data), Usage.fromJson(json.getJsonObject("usage")), json.getString("error"),
      ErrorClass.fromWire(json.getString("errorClass")), json.getLong("estimatedOutputTokens", 0L),
      json.getLong("units", 0L));
  }
}

package io.switchboard.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The mock's routes for endpoints the gateway only passes through, under {@code /v1}, any method: OpenAI's images
 * (a URL per image; {@code gpt-image-1} also reports token usage), audio speech (binary audio, {@link #audio}),
 * transcriptions (a duration), moderations, a Responses conversation's compaction, files (a list, an upload, binary
 * content), and three for tests of the relay itself: {@code /v1/echo} answers the request's own body with its
 * SHA-256, method and query in headers, {@code /v1/upload} answers only the length and SHA-256 of what it received,
 * and {@code /v1/events} streams SSE events ending with a usage report. An error status of the behaviour answers
 * every one of them with the behaviour's error body.
 */
public final class MockPassThrough {
  public static final double TRANSCRIBED_SECONDS = 7.2;
  /** What each input item of a compaction counts in its usage. */
  public static final int COMPACTION_TOKENS_PER_ITEM = 25;

  private MockPassThrough() {
  }

  /** The handler for a pass-through path, or null when the path is not one. */
  static Runnable route(MockUpstream owner, HttpServerRequest request, Buffer body, MockBehavior b) {
    String path = request.path();
    HttpServerResponse response = request.response();
    Runnable handler = handler(owner, request, path, body, b);
    if (handler == null || b.status() < 400) {
      return handler;
    }
    return () -> MockUpstream.sendError(response, b, b.errorBody());
  }

  private static Runnable handler(MockUpstream owner, HttpServerRequest request, String path, Buffer body,
                                  MockBehavior b) {
    HttpServerResponse response = request.response();
    if (path.equals("/v1/echo") || path.startsWith("/v1/echo/")) {
      return () -> response.putHeader("content-type", String.valueOf(request.getHeader("content-type")))
        .putHeader("x-echo-method", request.method().name()).putHeader("x-echo-query", String.valueOf(request.query()))
        .putHeader("x-echo-sha256", sha256(body)).end(body);
    }
    if (path.equals("/v1/upload")) {
      return () -> MockUpstream.sendJson(response, 200, new JsonObject().put("bytes", body.length())
        .put("sha256", sha256(body)).put("method", request.method().name()).encode());
    }
    if (path.equals("/v1/events")) {
      return () -> events(owner, response, b, 0);
    }
    if (path.startsWith("/v1/images/")) {
      return () -> MockUpstream.sendJson(response, 200, images(body, b).encode());
    }
    if (path.equals("/v1/audio/speech")) {
      JsonObject json = MockUpstream.jsonOrNull(body);
      String input = json == null ? "" : json.getString("input", "");
      return () -> response.putHeader("content-type", "audio/mpeg").end(audio(input));
    }
    if (path.equals("/v1/audio/transcriptions") || path.equals("/v1/audio/translations")) {
      return () -> MockUpstream.sendJson(response, 200, new JsonObject().put("text", "hello from the mock")
        .put("usage", new JsonObject().put("type", "duration").put("seconds", TRANSCRIBED_SECONDS)).encode());
    }
    if (path.equals("/v1/responses/compact")) {
      return () -> MockUpstream.sendJson(response, 200, compaction(body).encode());
    }
    if (path.equals("/v1/moderations")) {
      return () -> MockUpstream.sendJson(response, 200, new JsonObject().put("id", "modr-mock")
        .put("results", new JsonArray().add(new JsonObject().put("flagged", false))).encode());
    }
    if (path.equals("/v1/files")) {
      return request.method() == HttpMethod.GET
        ? () -> MockUpstream.sendJson(response, 200, "{\"object\":\"list\",\"data\":[]}")
        : () -> MockUpstream.sendJson(response, 200, new JsonObject().put("id", "file-mock").put("object", "file")
          .put("bytes", body.length()).encode());
    }
    if (path.startsWith("/v1/files/") && path.endsWith("/content")) {
      return () -> response.putHeader("content-type", "application/octet-stream").end(audio("file"));
    }
    return null;
  }

  /** The bytes the mock speaks for {@code input}: 64 per character, every byte value among them. */
  public static Buffer audio(String input) {
    byte[] bytes = new byte[Math.max(1, input.length()) * 64];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return Buffer.buffer(bytes);
  }

  public static String sha256(Buffer body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * OpenAI's compaction of a Responses conversation: the request's user messages kept, then one opaque compaction
   * item (as {@link MockResponses} answers a compaction asked for in a response); usage counts each input item as
   * {@value #COMPACTION_TOKENS_PER_ITEM} tokens, the compaction 40.
   */
  private static JsonObject compaction(Buffer body) {
    JsonObject request = MockUpstream.jsonOrNull(body);
    JsonArray input = request == null || !(request.getValue("input") instanceof JsonArray items) ? new JsonArray()
      : items;
    JsonArray output = new JsonArray();
    input.stream().filter(item -> item instanceof JsonObject message && "user".equals(message.getString("role")))
      .forEach(output::add);
    output.add(MockResponses.compaction("resp_cmp_mock"));
    int inputTokens = input.size() * COMPACTION_TOKENS_PER_ITEM;
    return new JsonObject().put("id", "resp_cmp_mock").put("object", "response.compaction")
      .put("created_at", MockUpstream.CREATED).put("output", output).put("usage", new JsonObject()
        .put("input_tokens", inputTokens).put("output_tokens", 40).put("total_tokens", inputTokens + 40));
  }

  private static JsonObject images(Buffer body, MockBehavior b) {
    JsonObject request = MockUpstream.jsonOrNull(body);
    int n = request == null ? 1 : request.getInteger("n", 1);
    JsonArray data = new JsonArray();
    for (int i = 0; i < n; i++) {
      data.add(new JsonObject().put("url", "https://images.example/" + i + ".png"));
    }
    JsonObject answer = new JsonObject().put("created", MockUpstream.CREATED).put("data", data);
    if (request != null && "gpt-image-1".equals(request.getString("model"))) {
      answer.put("usage", new JsonObject().put("input_tokens", b.promptTokens())
        .put("output_tokens", b.completionTokens()).put("total_tokens", b.promptTokens() + b.completionTokens()));
    }
    return answer;
  }

  /** {@code b.chunks()} delta events, then one reporting usage, each after the behaviour's delay. */
  private static void events(MockUpstream owner, HttpServerResponse response, MockBehavior b, int sent) {
    if (response.closed()) {
      return;
    }
    if (sent == 0) {
      response.setChunked(true).putHeader("content-type", "text/event-stream");
    }
    if (sent < b.chunks()) {
      response.write("event: delta\ndata: {\"type\":\"delta\",\"i\":" + sent + "}\n\n");
      owner.vertx().setTimer(Math.max(1, b.chunkDelayMs()), id -> events(owner, response, b, sent + 1));
      return;
    }
    response.end(Buffer.buffer("event: done\ndata: {\"type\":\"done\",\"usage\":{\"input_tokens\":"
      + b.promptTokens() + ",\"output_tokens\":" + b.completionTokens() + "}}\n\n", StandardCharsets.UTF_8.name()));
  }
}

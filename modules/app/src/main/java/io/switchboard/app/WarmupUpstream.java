package io.switchboard.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The upstream of the start's warm-up ({@link Warmup}), on loopback: OpenAI's Chat Completions
 * ({@code /v1/chat/completions}) and Anthropic's Messages ({@code /v1/messages}), each answering whole or as a stream
 * of {@value #PIECES} pieces of text with its usage, as those APIs do.
 */
final class WarmupUpstream {
  static final int PIECES = 20;
  private static final String WORD = "warm ";

  private WarmupUpstream() {
  }

  /** Listens on a free loopback port ({@link HttpServer#actualPort}). */
  static Future<HttpServer> start(Vertx vertx) {
    return vertx.createHttpServer().requestHandler(request -> request.body()
        .onSuccess(body -> answer(request, body.toJsonObject()))
        .onFailure(failed -> request.response().setStatusCode(400).end()))
      .listen(0, "127.0.0.1");
  }

  private static void answer(HttpServerRequest request, JsonObject body) {
    boolean stream = body.getBoolean("stream", false);
    String model = body.getString("model", "");
    HttpServerResponse response = request.response();
    if (request.path().endsWith("/chat/completions")) {
      if (stream) {
        openAiStream(response, model);
      } else {
        json(response, openAiAnswer(model));
      }
    } else if (request.path().endsWith("/messages")) {
      if (stream) {
        anthropicStream(response, model);
      } else {
        json(response, anthropicAnswer(model));
      }
    } else {
      response.setStatusCode(404).end();
    }
  }

  private static void json(HttpServerResponse response, JsonObject answer) {
    response.putHeader("content-type", "application/json").end(answer.toBuffer());
  }

  private static JsonObject openAiAnswer(String model) {
    return new JsonObject().put("id", "chatcmpl-warm-up").put("object", "chat.completion")
      .put("created", System.currentTimeMillis() / 1000).put("model", model)
      .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("message", new JsonObject().put("role", "assistant").put("content", WORD.repeat(PIECES)))
        .put("finish_reason", "stop")))
      .put("usage", new JsonObject().put("prompt_tokens", 12).put("completion_tokens", PIECES)
        .put("total_tokens", 12 + PIECES));
  }

  private static void openAiStream(HttpServerResponse response, String model) {
    sse(response);
    String head = "data: {\"id\":\"chatcmpl-warm-up\",\"object\":\"chat.completion.chunk\",\"created\":"
      + System.currentTimeMillis() / 1000 + ",\"model\":\"" + model + "\",\"choices\":[";
    response.write(head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
    for (int i = 0; i < PIECES; i++) {
      response.write(head + "{\"index\":0,\"delta\":{\"content\":\"" + WORD + "\"},\"finish_reason\":null}]}\n\n");
    }
    response.write(head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
    response.write(head + "],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + PIECES + ",\"total_tokens\":"
      + (12 + PIECES) + "}}\n\n");
    response.end("data: [DONE]\n\n");
  }

  private static JsonObject anthropicAnswer(String model) {
    return new JsonObject().put("id", "msg_warm_up").put("type", "message").put("role", "assistant")
      .put("model", model)
      .put("content", new JsonArray().add(new JsonObject().put("type", "text")
        .put("text", WORD.repeat(PIECES))))
      .put("stop_reason", "end_turn").putNull("stop_sequence")
      .put("usage", new JsonObject().put("input_tokens", 12).put("output_tokens", PIECES));
  }

  private static void anthropicStream(HttpServerResponse response, String model) {
    sse(response);
    response.write(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_warm_up\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],\"stop_reason\":null,"
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"));
    response.write(event("content_block_start",
      "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    response.write(event("ping", "{\"type\":\"ping\"}"));
    for (int i = 0; i < PIECES; i++) {
      response.write(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + WORD + "\"}}"));
    }
    response.write(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    response.write(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
      + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + PIECES + "}}"));
    response.end(event("message_stop", "{\"type\":\"message_stop\"}"));
  }

  private static void sse(HttpServerResponse response) {
    response.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
  }

  private static Buffer event(String name, String data) {
    return Buffer.buffer("event: " + name + "\ndata: " + data + "\n\n");
  }
}

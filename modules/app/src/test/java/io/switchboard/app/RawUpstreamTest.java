package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstreams that break HTTP in ways a mock server library will not: written byte by byte on a raw socket. */
class RawUpstreamTest extends GatewayTest {
  private static final String EVENTS = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n"
    + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1}}\n\n"
    + "data: [DONE]\n\n";

  @Test
  void aConnectionDroppedRightAfterDoneIsACompleteAnswer() throws Exception {
    // the whole answer, then the socket closes without chunked encoding's final empty chunk
    NetServer raw = gw.vertx.createNetServer().connectHandler(socket -> socket.handler(request -> {
      Buffer events = Buffer.buffer(EVENTS);
      socket.write(Buffer.buffer("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
        + Integer.toHexString(events.length()) + "\r\n").appendBuffer(events).appendString("\r\n"))
        .onComplete(v -> socket.close());
    }));
    int port = raw.listen(0, "127.0.0.1").await().actualPort();
    ModelsPolling.addAccount(gw, "raw", "openai", "http://127.0.0.1:" + port + "/v1", "raw-model");

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat("raw-model", true, null)).await();

    assertEquals(200, reply.status());
    assertEquals(EVENTS.replace("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1}}\n\n", ""),
      reply.body().toString(), "the answer as sent, less the usage event the client did not ask for");
    assertEquals(List.of("200|ok|4|1"), awaitRows(
      "select concat_ws('|', status, outcome, input_tokens, output_tokens) from usage_log", 1));
    raw.close();
  }

  private static final String ANTHROPIC_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
    + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-raw\",\"content\":[],"
    + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
    + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
    + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"hel\"}}\n\n";

  /** Serves one Anthropic-kind account whose stream is exactly {@code events}, properly terminated. */
  private void anthropicRaw(String events) throws Exception {
    RawStreamUpstream.serve(gw, "raw-anthropic", "anthropic", "", "claude-raw", events);
  }

  private Reply anthropicStream() {
    return gw.exchange(new io.vertx.core.http.RequestOptions().setMethod(io.vertx.core.http.HttpMethod.POST)
      .setURI("/v1/messages").putHeader("x-api-key", CLIENT_KEY).putHeader("content-type", "application/json"),
      Buffer.buffer("{\"model\":\"claude-raw\",\"max_tokens\":9,\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).await();
  }

  @Test
  void aStreamClosedCleanlyButCutShortEndsWithAnErrorTheClientCanSee() throws Exception {
    anthropicRaw(ANTHROPIC_START); // no content_block_stop, no message_stop, then a clean end of body

    Reply reply = anthropicStream();

    String body = reply.body().toString();
    assertEquals(200, reply.status());
    assertTrue(body.startsWith(ANTHROPIC_START), "what the upstream sent passed through");
    assertTrue(body.endsWith("\n\n") && body.contains("event: error"), "then an error event: " + body);
    assertEquals(List.of("200|UPSTREAM_ERROR"), awaitRows("select concat_ws('|', status, outcome) from usage_log", 1));
  }

  @Test
  void anErrorTheUpstreamSendsInTheStreamReachesTheClientOnceAndIsRecorded() throws Exception {
    String error = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
      + "\"message\":\"Overloaded\"}}\n\n";
    anthropicRaw(ANTHROPIC_START + error);

    Reply reply = anthropicStream();

    assertEquals(ANTHROPIC_START + error, reply.body().toString(), "the upstream's error, once, nothing added");
    assertEquals(List.of("200|UPSTREAM_ERROR"), awaitRows("select concat_ws('|', status, outcome) from usage_log", 1));
  }
}

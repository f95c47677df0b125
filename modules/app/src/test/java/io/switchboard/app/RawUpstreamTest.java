package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
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
    TestStorage.query("insert into accounts (name, provider, base_url, models) values ('raw', 'openai', "
      + "'http://127.0.0.1:" + port + "/v1', '{raw-model}') returning id");
    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
    ModelsPolling.awaitModel(gw, "raw-model");

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat("raw-model", true, null)).await();

    assertEquals(200, reply.status());
    assertEquals(EVENTS.replace("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1}}\n\n", ""),
      reply.body().toString(), "the answer as sent, less the usage event the client did not ask for");
    assertEquals(List.of("200|ok|4|1"), awaitRows(
      "select concat_ws('|', status, outcome, input_tokens, output_tokens) from usage_log", 1));
    raw.close();
  }
}

package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Dialect;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.dialects.TokenEstimate;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream's output is charged as its provider counted it, when the upstream reports none or the client leaves. */
class StreamUsageTest extends GatewayTest {

  @Test
  void aStreamTheClientCancelsIsChargedAnEstimateOfWhatItReceived() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(200).withChunkDelayMs(20));
    Promise<Buffer> enough = Promise.promise();
    Buffer received = Buffer.buffer();
    gw.vertx.getOrCreateContext().runOnContext(onContext ->
      gw.client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
          .putHeader("authorization", "Bearer " + CLIENT_KEY))
        .compose(req -> req.send(chat(MODEL, true, null)).map(resp -> {
          resp.handler(data -> {
            received.appendBuffer(data);
            if (received.toString().split("data: ").length > 12 && enough.tryComplete(received.copy())) {
              req.connection().close(); // the client leaves after about a dozen chunks, long before the usage chunk
            }
          });
          return resp;
        })));
    String events = enough.future().await().toString();
    String delivered = ClientView.read(Dialect.OPENAI, true,
      Buffer.buffer(events.substring(0, events.lastIndexOf("\n\n") + 2))).text();
    int chunks = delivered.split(" ").length;

    String[] row = awaitRows("select concat_ws('|', outcome, estimated, input_tokens, output_tokens) from usage_log", 1)
      .get(0).split("\\|");

    assertEquals("client_closed", row[0]);
    assertEquals("t", row[1], "the upstream reported no usage before the client left: estimated");
    assertTrue(Long.parseLong(row[2]) > 0, "input counted from the request");
    long output = Long.parseLong(row[3]);
    long counted = TokenEstimate.text(delivered);
    String inFlight = MockUpstream.token(chunks) + MockUpstream.token(chunks + 1) + MockUpstream.token(chunks + 2);
    assertTrue(output >= counted && output <= counted + TokenEstimate.text(inFlight),
      "output " + output + " is what the client received (" + counted + " tokens in \"" + delivered
        + "\"), or at most the few chunks still on their way when it left");
  }

  @Test
  void aStreamWhoseUpstreamReportsNoUsageIsEstimated() throws Exception {
    String text = "The quick brown fox jumps over the lazy dog, twice: 1, 2.";
    String events = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
      + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text.substring(0, 20) + "\"}}]}\n\n"
      + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text.substring(20) + "\"}}]}\n\n"
      + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
      + "data: [DONE]\n\n";
    NetServer raw = RawStreamUpstream.serve(gw, "no-usage", "openai", "/v1", "quiet-model", events);

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat("quiet-model", true, null)).await();

    assertEquals(200, reply.status());
    assertEquals(text, ClientView.read(Dialect.OPENAI, true, reply.body()).text());
    String[] row = awaitRows("select concat_ws('|', outcome, estimated, input_tokens, output_tokens) from usage_log", 1)
      .get(0).split("\\|");
    assertEquals(List.of("ok", "t"), List.of(row[0], row[1]), "the upstream reported no usage: estimated");
    assertTrue(Long.parseLong(row[2]) > 0, "input counted from the request");
    assertEquals(TokenEstimate.text(text), Long.parseLong(row[3]), "output counted from the whole answer");
    raw.close();
  }
}

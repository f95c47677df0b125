package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockBehavior;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/**
 * A client that reads far slower than the upstream writes, on a stream far larger than the socket buffers:
 * the gateway must hold no more than its flow-control window for that stream, and the body must arrive intact.
 */
class SlowClientBackpressureTest extends GatewayTest {
  private static final int WINDOW = 32 * 1024;
  private static final int CHUNKS = 100_000;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("ingress", new JsonObject().put("streamWindowBytes", WINDOW));
  }

  @Test
  void aSlowReaderNeverMakesTheGatewayBufferMoreThanTheWindow() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(CHUNKS).withRecordBody(false));
    double stallsBefore = SlowReader.metric(gw, "sb_stream_credit_stalls_total");

    SlowReader.Result read = SlowReader.read(gw, chat(MODEL, true, null));

    assertEquals(200, read.status());
    byte[] expected = SlowReader.expectedBody(MODEL, CHUNKS);
    assertEquals(expected.length, read.bytes(), "every byte arrived");
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(expected), read.sha256(), "intact, in order");
    assertTrue(read.mostHeld() <= WINDOW + 16 * 1024, "held " + read.mostHeld() + " bytes for the stream; window is "
      + WINDOW);
    assertTrue(read.mostHeld() >= WINDOW / 2, "the slow reader filled the window (" + read.mostHeld() + " bytes held)");
    double peak = SlowReader.metric(gw, "sb_stream_buffered_peak_bytes");
    assertTrue(peak <= WINDOW + 16 * 1024, "some stream held " + peak + " bytes; window is " + WINDOW);
    assertTrue(SlowReader.metric(gw, "sb_stream_credit_stalls_total") > stallsBefore, "the upstream was paused for credit");
  }
}

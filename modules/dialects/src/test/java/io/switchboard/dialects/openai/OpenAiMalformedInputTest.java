package io.switchboard.dialects.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.JsonMutations;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every node of the golden bodies replaced by a value of every JSON type: the codecs answer with a GatewayException
 * or cope, and never let a NullPointerException or ClassCastException escape.
 */
class OpenAiMalformedInputTest {
  private final OpenAiWireFormat format = new OpenAiWireFormat();

  @Test
  void requestsOfEveryWrongShapeAreBadRequests() {
    int[] rejected = {0};
    JsonMutations.each(OpenAiGoldenFiles.json("request-tools-images.json"), body -> {
      try {
        format.encodeRequest(format.decodeRequest(body, null, false));
      } catch (GatewayException e) {
        assertEquals(ErrorKind.BAD_REQUEST, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("'"), "names the field: " + e.getMessage());
        rejected[0]++;
      }
    });
    assertTrue(rejected[0] > 100, "most wrong shapes are rejected: " + rejected[0]);
  }

  @Test
  void upstreamAnswersOfEveryWrongShapeAreUpstreamErrorsAtWorst() {
    for (String golden : List.of("response-tool-calls.json", "response-reasoning.json")) {
      JsonMutations.each(OpenAiGoldenFiles.json(golden), body -> {
        try {
          format.encodeResponse(format.decodeResponse(body), "m");
        } catch (GatewayException e) {
          assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
        }
      });
    }
  }

  @Test
  void streamChunksOfEveryWrongShapeNeverThrow() {
    String[] chunks = new String(OpenAiGoldenFiles.bytes("stream-parallel-tools.sse"),
      java.nio.charset.StandardCharsets.UTF_8).split("\n\n");
    for (String chunk : chunks) {
      String data = chunk.substring("data: ".length());
      if (data.equals("[DONE]")) {
        continue;
      }
      JsonMutations.each(new JsonObject(data), mutated -> {
        OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
        List<StreamEvent> events = new ArrayList<>(decoder.decode(Buffer.buffer("data: " + mutated.encode() + "\n\n")));
        events.addAll(decoder.finish());
        Buffer out = Buffer.buffer();
        format.streamEncoder("m", true).encode(events, out);
      });
    }
  }
}

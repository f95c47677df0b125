package io.switchboard.dialects.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.GatewayException;
import io.switchboard.api.Usage;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.jackson.DatabindCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The usage read from an answer's tokens is what decoding the whole answer gives, and an answer either refuses is
 * refused by both with the same error.
 */
class OpenAiAnswerUsageTest {
  private static final String USAGE = "{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19,"
    + "\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":{\"reasoning_tokens\":3}}";
  private static final String CHOICE = "{\"index\":0,\"message\":{\"role\":\"assistant\","
    + "\"content\":\"Hi \\\"usage\\\"\"},\"finish_reason\":\"stop\"}";

  private static final List<String> ANSWERS = List.of(
    "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[" + CHOICE + "],\"usage\":" + USAGE + "}",
    "{\"usage\":" + USAGE + ",\"choices\":[" + CHOICE + ",{\"index\":1}],\"system_fingerprint\":null}",
    " \n{ \"choices\" : [ " + CHOICE + " ] , \"usage\" : " + USAGE + " }\n ",
    "{\"choices\":[" + CHOICE + "],\"usage\":{\"prompt_tokens\":5.0,\"completion_tokens\":2}}",
    "{\"choices\":[" + CHOICE + "],\"usage\":null}",
    "{\"choices\":[" + CHOICE + "],\"usage\":[1,2]}",
    "{\"choices\":[" + CHOICE + "]}",
    "{\"choices\":[{\"message\":{\"usage\":" + USAGE + "}}],\"x\":{\"usage\":" + USAGE + "}}",
    "{\"choices\":[" + CHOICE + "],\"usage\":" + USAGE + ",\"usage\":{\"prompt_tokens\":1}}",
    "{\"choices\":[" + CHOICE + "],\"usage\":" + USAGE + ",\"usage\":null}",
    "{\"choices\":[],\"choices\":[" + CHOICE + "],\"usage\":" + USAGE + "}",
    "{\"choices\":[" + CHOICE + "],\"choices\":[],\"usage\":" + USAGE + "}",
    "{\"choices\":[],\"usage\":" + USAGE + "}",
    "{\"choices\":[1," + CHOICE + "],\"usage\":" + USAGE + "}",
    "{\"choices\":[[" + CHOICE + "]],\"usage\":" + USAGE + "}",
    "{\"choices\":{\"0\":" + CHOICE + "},\"usage\":" + USAGE + "}",
    "{\"choices\":null}",
    "{\"usage\":" + USAGE + "}",
    "{}",
    "{\"choices\":[" + CHOICE + "] /* a comment */, \"usage\":" + USAGE + "}",
    "{\"choices\":[" + CHOICE + "],\"usage\":" + USAGE + "} {}",
    "{\"choices\":[" + CHOICE + "],\"usage\":" + USAGE + "} x",
    "{\"choices\":[" + CHOICE + "],\"usage\":" + USAGE,
    "{\"choices\":[" + CHOICE + "],\"usage\":" + USAGE + ",}",
    "[" + CHOICE + "]",
    "\"choices\"",
    "null",
    "",
    "<html>Bad gateway</html>",
    "{\"choices\":[" + CHOICE + "],\"usage\":{\"prompt_tokens\":\"12\",\"prompt_tokens_details\":7}}",
    "{\"choices\":[" + CHOICE + "],\"usage\":{\"prompt_tokens\":99999999999,\"completion_tokens\":1e3}}",
    "{\"choices\":[" + CHOICE + "],\"ünïcode ✓\":\"😀\",\"usage\":" + USAGE + "}");

  @Test
  void readsWhatDecodingTheWholeAnswerReads() {
    assertTrue(Json.CODEC instanceof DatabindCodec, "compared with the trees the app's Vert.x builds");
    OpenAiWireFormat format = new OpenAiWireFormat();
    int usages = 0;
    for (String answer : ANSWERS) {
      Buffer body = Buffer.buffer(answer);
      String whole = outcome(() -> format.decodeResponse(WireFormat.answerJson(body)).usage());
      assertEquals(whole, outcome(() -> format.responseUsage(body)), answer);
      // read where its bytes lie: what stands around a slice in its array is not the answer's
      Buffer around = Buffer.buffer("{\"usage\":" + USAGE + "}").appendBuffer(body).appendString("]}");
      Buffer slice = around.slice(around.length() - 2 - body.length(), around.length() - 2);
      assertEquals(whole, outcome(() -> format.responseUsage(slice)), "as a slice: " + answer);
      usages += whole.startsWith("Usage[") ? 1 : 0;
    }
    assertEquals(10, usages, "answers with a usage read");
  }

  @Test
  void readsAnAnswerWithAStringOverJacksonsLimitInAPartItSkips() {
    // the one difference, deliberate: the tree refused the whole answer (Jackson's 20,000,000-character limit on a
    // string it reads); skipped unread, such a string no longer makes a whole answer an upstream error
    String huge = "a".repeat(20_000_001);
    Buffer body = Buffer.buffer("{\"choices\":[{\"message\":{\"content\":\"" + huge + "\"}}],\"usage\":" + USAGE + "}");
    OpenAiWireFormat format = new OpenAiWireFormat();
    assertEquals("UPSTREAM_ERROR: the upstream answered with a body that is not JSON",
      outcome(() -> format.decodeResponse(WireFormat.answerJson(body)).usage()));
    assertEquals(new Usage(12, 7, 4, 0, 3), format.responseUsage(body));
  }

  @Test
  void readsAllOfAUsage() {
    Usage usage = new OpenAiWireFormat().responseUsage(Buffer.buffer(ANSWERS.get(0)));
    assertNotNull(usage);
    assertEquals(new Usage(12, 7, 4, 0, 3), usage);
  }

  private static String outcome(java.util.function.Supplier<Usage> read) {
    try {
      return String.valueOf(read.get());
    } catch (GatewayException refused) {
      return refused.kind() + ": " + refused.getMessage();
    }
  }
}

package io.switchboard.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.api.Dialect;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A stream put back together into the whole answer its dialect would have given. */
class StreamReassemblyTest {

  @Test
  void anOpenAiStreamBecomesOneChatCompletion() {
    String chunk = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
      + "\"delta\":%s,\"finish_reason\":%s}]}";
    String stream = "data: " + chunk.formatted("{\"role\":\"assistant\",\"content\":\"Hel\"}", "null") + "\n\n"
      + "data: " + chunk.formatted("{\"content\":\"lo\"}", "null") + "\n\n"
      + "data: " + chunk.formatted("{}", "\"stop\"") + "\n\n"
      + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[],\"usage\":"
      + "{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\ndata: [DONE]\n\n";

    JsonObject whole = StreamReassembly.of(WireFormats.of(Dialect.OPENAI), Buffer.buffer(stream), "gpt-4o");

    assertEquals("chat.completion", whole.getString("object"));
    JsonObject choice = whole.getJsonArray("choices").getJsonObject(0);
    assertEquals("Hello", choice.getJsonObject("message").getString("content"));
    assertEquals("stop", choice.getString("finish_reason"));
    assertEquals(11, whole.getJsonObject("usage").getInteger("total_tokens"));
  }

  @Test
  void anAnthropicToolCallIsPutBackWithItsArguments() {
    String stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":"
      + "\"claude-x\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
      + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":"
      + "\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\",\"input\":{}}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
      + "\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
      + "\"input_json_delta\",\"partial_json\":\"\\\"Oslo\\\"}\"}}\n\n"
      + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":"
      + "{\"output_tokens\":12}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    JsonObject whole = StreamReassembly.of(WireFormats.of(Dialect.ANTHROPIC), Buffer.buffer(stream), "claude-x");

    JsonObject call = whole.getJsonArray("content").getJsonObject(0);
    assertEquals("tool_use", call.getString("type"));
    assertEquals(new JsonObject().put("city", "Oslo"), call.getJsonObject("input"));
    assertEquals("tool_use", whole.getString("stop_reason"));
    assertEquals(12, whole.getJsonObject("usage").getInteger("output_tokens"));
  }

  @Test
  void aStreamWithoutAnAnswerMakesNone() {
    assertNull(StreamReassembly.of(WireFormats.of(Dialect.OPENAI), Buffer.buffer("data: [DONE]\n\n"), "m"));
  }
}

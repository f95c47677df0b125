package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockClient.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MockResponsesTest extends MockRouteTest {

  @Test
  void aWholeAnswerHoldsTheReasoningItemTheCallAndTheUsage() {
    mock.respond(TOOL);
    Reply reply = client.post("/v1/responses", "{\"model\":\"gpt-test\",\"input\":\"weather?\",\"store\":false}")
        .await();
    JsonObject answer = reply.body().toJsonObject();
    assertEquals(200, reply.status());
    assertTrue(answer.getString("id").startsWith("resp_mock"));
    assertEquals("completed", answer.getString("status"));
    assertEquals(false, answer.getBoolean("store"), "the request's own store flag is repeated");
    JsonArray output = answer.getJsonArray("output");
    assertEquals("reasoning", output.getJsonObject(0).getString("type"));
    assertEquals(MockResponses.ENCRYPTED_REASONING, output.getJsonObject(0).getString("encrypted_content"));
    JsonObject call = output.getJsonObject(1);
    assertEquals(List.of("function_call", "call_mock", "get_weather", "{\"city\":\"Paris\"}"),
        List.of(call.getString("type"), call.getString("call_id"), call.getString("name"), call.getString("arguments")));
    assertEquals(new JsonObject("{\"input_tokens\":7,\"input_tokens_details\":{\"cached_tokens\":0},"
        + "\"output_tokens\":5,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":12}"),
        answer.getJsonObject("usage"));
  }

  @Test
  void aStreamIsNumberedAndEndsWithTheWholeResponse() {
    mock.respond(MockBehavior.ok().withChunks(3).withUsage(9, 3, 4));
    Reply reply = client.post("/v1/responses", "{\"model\":\"gpt-test\",\"input\":\"hi\",\"stream\":true}").await();
    List<String> types = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    JsonObject last = null;
    int sequence = 0;
    for (String event : reply.text().split("\n\n")) {
      String[] lines = event.split("\n");
      JsonObject data = new JsonObject(lines[1].substring("data: ".length()));
      assertEquals(lines[0].substring("event: ".length()), data.getString("type"));
      assertEquals(sequence++, data.getInteger("sequence_number"));
      types.add(data.getString("type"));
      if (data.getString("type").equals("response.output_text.delta")) {
        text.append(data.getString("delta"));
      }
      last = data;
    }
    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
        "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
        "response.output_text.delta", "response.output_text.done", "response.content_part.done",
        "response.output_item.done", "response.completed"), types);
    assertEquals("tok0 tok1 tok2 ", text.toString());
    assertEquals(4, last.getJsonObject("response").getJsonObject("usage").getJsonObject("input_tokens_details")
        .getInteger("cached_tokens"));
  }

  @Test
  void twoTurnsOfOneConversationGetTwoIds() {
    String first = client.post("/v1/responses", "{\"model\":\"m\",\"input\":\"one\"}").await().body().toJsonObject()
        .getString("id");
    String second = client.post("/v1/responses", "{\"model\":\"m\",\"input\":\"two\",\"previous_response_id\":\""
        + first + "\"}").await().body().toJsonObject().getString("id");
    assertNotEquals(first, second);
  }
}

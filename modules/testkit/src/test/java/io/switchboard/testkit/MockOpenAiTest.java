package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testkit.MockClient.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MockOpenAiTest extends MockRouteTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String AZURE_CHAT = "/openai/deployments/my-gpt/chat/completions";
  private static final String HEAD = "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1700000000,\"model\":\"gpt-test\",\"system_fingerprint\":null,\"choices\":[{\"index\":0,"
      + "\"delta\":";
  private static final MockBehavior TOOL = MockBehavior.ok().withToolCall("get_weather", "{\"city\":\"Paris\"}")
      .withThinking("ignored by OpenAI routes").withUsage(7, 5, 0);


  @Test
  void toolCallStreamsIdAndNameThenArgumentFragments() {
    mock.respond(TOOL);
    String request = "{\"model\":\"gpt-test\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
    Reply reply = client.post(CHAT, request).await();
    String expected = HEAD + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
        + "\"id\":\"call_mock\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},"
        + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + HEAD + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\"}}]},"
        + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + HEAD + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\":\\\"Par\"}}]},"
        + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + HEAD + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"is\\\"}\"}}]},"
        + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        + HEAD + "{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":null}\n\n"
        + "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"gpt-test\",\"system_fingerprint\":null,\"choices\":[],\"usage\":{\"prompt_tokens\":7,"
        + "\"completion_tokens\":5,\"total_tokens\":12,\"prompt_tokens_details\":{\"cached_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n"
        + "data: [DONE]\n\n";
    assertEquals(200, reply.status());
    assertEquals("text/event-stream", reply.contentType());
    assertEquals(expected, reply.text());
    assertEquals(expected, String.join("", MockOpenAi.streamEvents("gpt-test", TOOL, true)));
  }

  @Test
  void plainToolCallIsOneMessageWithToolCalls() {
    mock.respond(TOOL);
    Reply reply = client.post(CHAT, "{\"model\":\"gpt-test\"}").await();
    assertEquals("{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion\",\"created\":1700000000,"
        + "\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"tool_calls\":[{\"id\":\"call_mock\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}],\"refusal\":null},\"logprobs\":null,"
        + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5,"
        + "\"total_tokens\":12,\"prompt_tokens_details\":{\"cached_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0}},\"system_fingerprint\":null}", reply.text());
  }

  @Test
  void thinkingLeavesTheOpenAiTextAnswerAlone() {
    MockBehavior plain = MockBehavior.ok().withChunks(2);
    mock.respond(plain.withThinking("hidden"));
    Reply reply = client.post(CHAT, "{\"model\":\"gpt-test\"}").await();
    assertEquals(MockUpstream.completionJson("gpt-test", plain), reply.text());
  }

  @Test
  void embeddingsAnswerOneFixedVectorPerInput() {
    mock.respond(MockBehavior.ok().withUsage(6, 0, 0));
    Reply one = client.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}").await();
    Reply two = client.post("/v1/embeddings", "{\"model\":\"emb\",\"input\":[\"a\",\"b\"]}").await();
    Reply tokens = client.post("/v1/embeddings", "{\"model\":\"emb\",\"input\":[1,2,3]}").await();
    assertEquals(200, one.status());
    assertEquals("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
        + "\"embedding\":[0.5,-0.25,0.125,0.0625]}],\"model\":\"text-embedding-3-small\","
        + "\"usage\":{\"prompt_tokens\":6,\"total_tokens\":6}}", one.text());
    assertEquals(2, two.json().getJsonArray("data").size());
    assertEquals(0.125, two.json().getJsonArray("data").getJsonObject(1).getJsonArray("embedding").getDouble(3));
    assertEquals(1, tokens.json().getJsonArray("data").size());
  }

  @Test
  void base64EmbeddingsAreLittleEndianFloats() {
    Reply reply = client.post("/v1/embeddings", "{\"model\":\"emb\",\"input\":\"x\",\"encoding_format\":\"base64\"}")
        .await();
    String encoded = reply.json().getJsonArray("data").getJsonObject(0).getString("embedding");
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
    float[] vector = new float[bytes.remaining() / 4];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = bytes.getFloat();
    }
    assertArrayEquals(new float[] {0.5f, -0.25f, 0.125f, 0.0625f}, vector);
  }

  @Test
  void embeddingsErrorsAndMissingInput() {
    Reply missing = client.post("/v1/embeddings", "{\"model\":\"emb\"}").await();
    mock.respond(MockBehavior.ok().withStatus(429).withRetryAfter("2"));
    Reply limited = client.post("/v1/embeddings", "{\"model\":\"emb\",\"input\":\"x\"}").await();
    assertEquals(400, missing.status());
    assertEquals("invalid_request_error", missing.json().getJsonObject("error").getString("type"));
    assertEquals(429, limited.status());
    assertEquals("2", limited.headers().get("retry-after"));
    assertEquals(MockBehavior.DEFAULT_ERROR_BODY, limited.text());
  }

  @Test
  void azureDeploymentServesChatCompletionsAndRecordsTheApiKey() {
    mock.respond(MockBehavior.ok().withChunks(2));
    Reply reply = client.send(client.options(HttpMethod.POST, AZURE_CHAT + "?api-version=2024-10-21")
        .putHeader("api-key", "azure-key"), "{\"messages\":[]}").await();
    Reply stream = client.post(AZURE_CHAT + "?api-version=2024-10-21", "{\"model\":\"gpt-test\",\"stream\":true}")
        .await();
    assertEquals(200, reply.status());
    assertEquals(MockUpstream.completionJson("my-gpt", MockBehavior.ok().withChunks(2)), reply.text(),
        "without a model in the body the deployment names it");
    assertEquals(String.join("", MockOpenAi.streamEvents("gpt-test", MockBehavior.ok().withChunks(2), false)),
        stream.text());
    ReceivedRequest got = mock.received().get(0);
    assertEquals(AZURE_CHAT, got.path());
    assertEquals("api-version=2024-10-21", got.query());
    assertEquals("azure-key", got.headers().get("Api-Key"));
  }

  @Test
  void azureWithoutApiVersionIsNotFound() {
    Reply chat = client.post(AZURE_CHAT, "{\"messages\":[]}").await();
    Reply embeddings = client.post("/openai/deployments/emb/embeddings", "{\"input\":\"x\"}").await();
    Reply embedded = client.post("/openai/deployments/emb/embeddings?api-version=1", "{\"input\":\"x\"}").await();
    assertEquals(404, chat.status());
    assertEquals(new JsonObject("{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}"), chat.json());
    assertEquals(404, embeddings.status());
    assertEquals("emb", embedded.json().getString("model"));
  }
}

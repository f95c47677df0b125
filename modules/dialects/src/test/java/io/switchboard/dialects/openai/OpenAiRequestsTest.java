package io.switchboard.dialects.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What a client's Chat Completions body must hold, what the upstream receives, and OpenAI-shaped errors. */
class OpenAiRequestsTest {

  private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private static GatewayException rejected(String body) {
    return assertThrows(GatewayException.class, () -> OpenAiRequests.decode(Buffer.buffer(body)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "not JSON            | {\"model\":\"gpt-4o\",                       | JSON",
    "trailing garbage    | {\"model\":\"gpt-4o\"," + MESSAGES + "} x      | JSON",
    "empty body          | ~~                                           | JSON",
    "JSON array          | [{\"model\":\"gpt-4o\"}]                     | JSON object",
    "JSON string         | \"hello\"                                    | JSON object",
    "missing model       | {" + MESSAGES + "}                           | model",
    "empty model         | {\"model\":\"\"," + MESSAGES + "}            | model",
    "blank model         | {\"model\":\"  \"," + MESSAGES + "}          | model",
    "numeric model       | {\"model\":4," + MESSAGES + "}               | model",
    "missing messages    | {\"model\":\"gpt-4o\"}                       | messages",
    "empty messages      | {\"model\":\"gpt-4o\",\"messages\":[]}       | messages",
    "object messages     | {\"model\":\"gpt-4o\",\"messages\":{}}       | messages",
    "string stream       | {\"model\":\"gpt-4o\"," + MESSAGES + ",\"stream\":\"true\"} | stream",
    "numeric stream      | {\"model\":\"gpt-4o\"," + MESSAGES + ",\"stream\":1} | stream",
  })
  void invalidRequestIsABadRequestNamingTheProblem(String label, String body, String named) {
    GatewayException e = rejected(body);
    assertEquals(ErrorKind.BAD_REQUEST, e.kind());
    assertEquals(400, e.kind().status());
    assertTrue(e.getMessage().contains(named), "message '" + e.getMessage() + "' does not name " + named);
  }

  @Test
  void decodeReadsWhatRoutingNeeds() {
    ChatRequest request = OpenAiRequests.decode(Buffer.buffer("{\"model\":\"gpt-4o\"," + MESSAGES
      + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
    assertEquals(Dialect.OPENAI, request.dialect());
    assertEquals("gpt-4o", request.model());
    assertTrue(request.stream());
    assertTrue(request.clientWantsUsage());

    ChatRequest plain = OpenAiRequests.decode(Buffer.buffer("{\"model\":\"gpt-4o\"," + MESSAGES + "}"));
    assertFalse(plain.stream());
    assertFalse(plain.clientWantsUsage());
  }

  @Test
  void clientWantsUsageIsTheClientsOwnChoice() {
    String stream = "{\"model\":\"m\"," + MESSAGES + ",\"stream\":true";
    assertFalse(OpenAiRequests.decode(Buffer.buffer(stream + "}")).clientWantsUsage());
    assertFalse(OpenAiRequests.decode(Buffer.buffer(stream + ",\"stream_options\":{}}")).clientWantsUsage());
    assertFalse(OpenAiRequests.decode(Buffer.buffer(stream + ",\"stream_options\":{\"include_usage\":false}}"))
      .clientWantsUsage());
    assertTrue(OpenAiRequests.decode(Buffer.buffer(stream + ",\"stream_options\":{\"include_usage\":true}}"))
      .clientWantsUsage());
  }

  @Test
  void upstreamBodyKeepsEveryFieldAndSwitchesOnUsage() {
    String client = "{\"model\":\"fast\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
      + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is 2+2?\"}]}],"
      + "\"stream\":true,\"stream_options\":{\"include_usage\":false,\"future_flag\":\"x\"},"
      + "\"temperature\":0.2,\"max_tokens\":64,\"foo\":{\"bar\":1},\"user\":\"u-17\","
      + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"add\",\"parameters\":{\"type\":\"object\","
      + "\"properties\":{\"a\":{\"type\":\"number\"}}}}}],\"tool_choice\":\"auto\"}";
    ChatRequest request = OpenAiRequests.decode(Buffer.buffer(client));
    assertFalse(request.clientWantsUsage());

    JsonObject upstream = new JsonObject(OpenAiRequests.upstreamBody(request, "gpt-4o-2024-08-06"));

    JsonObject expected = new JsonObject(client).put("model", "gpt-4o-2024-08-06");
    expected.getJsonObject("stream_options").put("include_usage", true);
    assertEquals(expected, upstream);
    // The client's body is untouched: a failover to another account builds its own upstream body from it.
    assertEquals(new JsonObject(client), request.body());
    JsonObject second = new JsonObject(OpenAiRequests.upstreamBody(request, "gpt-4o"));
    assertEquals("gpt-4o", second.getString("model"));
    assertEquals(expected.put("model", "gpt-4o"), second);
  }

  @Test
  void streamWithoutOptionsGetsIncludeUsage() {
    ChatRequest request = OpenAiRequests.decode(Buffer.buffer("{\"model\":\"fast\"," + MESSAGES + ",\"stream\":true}"));
    JsonObject upstream = new JsonObject(OpenAiRequests.upstreamBody(request, "gpt-4o-mini"));
    assertEquals(new JsonObject().put("include_usage", true), upstream.getJsonObject("stream_options"));
    assertEquals("gpt-4o-mini", upstream.getString("model"));
    assertFalse(request.body().containsKey("stream_options"));
  }

  @Test
  void nonStreamBodyGetsNoStreamOptions() {
    String client = "{\"model\":\"fast\"," + MESSAGES + ",\"n\":2,\"foo\":{\"bar\":1}}";
    ChatRequest request = OpenAiRequests.decode(Buffer.buffer(client));
    JsonObject upstream = new JsonObject(OpenAiRequests.upstreamBody(request, "gpt-4o-mini"));
    assertEquals(new JsonObject(client).put("model", "gpt-4o-mini"), upstream);
  }

  @ParameterizedTest
  @EnumSource(ErrorKind.class)
  void errorBodyHasOpenAisShape(ErrorKind kind) {
    String message = "Rate \"limit\" reached for gpt-4o — retry in 2s";
    JsonObject body = new JsonObject(OpenAiErrors.body(kind, message));
    assertEquals(Set.of("error"), body.fieldNames());
    JsonObject error = body.getJsonObject("error");
    assertEquals(Set.of("message", "type", "param", "code"), error.fieldNames());
    assertEquals(message, error.getString("message"));
    assertNotNull(error.getString("type"));
    assertFalse(error.getString("type").isBlank());
    assertNull(error.getValue("param"));
    assertTrue(error.getValue("code") == null || error.getValue("code") instanceof String);
    // What the gateway writes, it must recognise again when it is an upstream of another gateway.
    assertEquals(error, OpenAiErrors.parse(OpenAiErrors.body(kind, message)));
  }

  @ParameterizedTest
  @CsvSource({
    "UNAUTHENTICATED, invalid_request_error, invalid_api_key",
    "MODEL_NOT_FOUND, invalid_request_error, model_not_found",
    "RATE_LIMITED, requests, rate_limit_exceeded",
    "QUOTA_EXHAUSTED, insufficient_quota, insufficient_quota",
  })
  void errorTypesAndCodesMatchOpenAis(ErrorKind kind, String type, String code) {
    JsonObject error = new JsonObject(OpenAiErrors.body(kind, "m")).getJsonObject("error");
    assertEquals(type, error.getString("type"));
    assertEquals(code, error.getString("code"));
  }

  @Test
  void parseRecognisesAnOpenAiErrorBody() {
    JsonObject error = OpenAiErrors.parse(Buffer.buffer("{\"error\":{\"message\":\"Incorrect API key provided: "
      + "sk-abc***xyz.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
    assertNotNull(error);
    assertEquals("Incorrect API key provided: sk-abc***xyz.", error.getString("message"));
    assertEquals("invalid_api_key", error.getString("code"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "html          | <html><body>502 Bad Gateway</body></html>",
    "truncated     | {\"error\":{\"message\":\"x\"",
    "empty         | ~~",
    "array         | [{\"error\":{\"message\":\"x\"}}]",
    "string error  | {\"error\":\"Internal Server Error\"}",
    "no message    | {\"error\":{\"type\":\"server_error\",\"code\":null}}",
    "number message| {\"error\":{\"message\":500}}",
    "bare message  | {\"message\":\"Internal Server Error\"}",
  })
  void parseRejectsOtherBodies(String label, String body) {
    assertNull(OpenAiErrors.parse(Buffer.buffer(body)));
  }

  @Test
  void parseOfNoBodyIsNull() {
    assertNull(OpenAiErrors.parse(null));
  }
}

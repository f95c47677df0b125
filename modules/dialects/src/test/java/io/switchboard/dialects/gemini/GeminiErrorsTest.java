package io.switchboard.dialects.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.api.ErrorKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Error bodies in Google's shape, written for clients and read back from upstreams. */
class GeminiErrorsTest {
  private final GeminiWireFormat gemini = new GeminiWireFormat();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "BAD_REQUEST      | 400 | INVALID_ARGUMENT",
    "UNAUTHENTICATED  | 401 | UNAUTHENTICATED",
    "QUOTA_EXHAUSTED  | 402 | FAILED_PRECONDITION",
    "FORBIDDEN        | 403 | PERMISSION_DENIED",
    "MODEL_NOT_FOUND  | 404 | NOT_FOUND",
    "BODY_TOO_LARGE   | 413 | INVALID_ARGUMENT",
    "RATE_LIMITED     | 429 | RESOURCE_EXHAUSTED",
    "INTERNAL         | 500 | INTERNAL",
    "UPSTREAM_ERROR   | 502 | INTERNAL",
    "UNAVAILABLE      | 503 | UNAVAILABLE",
    "UPSTREAM_TIMEOUT | 504 | DEADLINE_EXCEEDED",
  })
  void errorBodyHasGooglesShape(ErrorKind kind, int code, String status) {
    Buffer body = gemini.errorBody(kind, "Resource has been exhausted (e.g. check quota).");
    assertEquals("{\"error\":{\"code\":" + code + ",\"message\":\"Resource has been exhausted (e.g. check quota).\","
      + "\"status\":\"" + status + "\"}}", body.toString());
    assertEquals("Resource has been exhausted (e.g. check quota).", gemini.errorMessage(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\",\"status\":"
      + "\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
      + "\"reason\":\"API_KEY_INVALID\"}]}}",
    // streamGenerateContent without alt=sse wraps its error in the array
    "[{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
      + "\"status\":\"INVALID_ARGUMENT\"}}]",
  })
  void errorMessageIsReadFromGoogleErrors(String body) {
    assertEquals("API key not valid. Please pass a valid API key.", gemini.errorMessage(Buffer.buffer(body)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}",
    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
    "{\"candidates\":[]}",
    "[]",
    "<html>502 Bad Gateway</html>",
    "",
  })
  void otherShapesAreNotGoogleErrors(String body) {
    assertNull(gemini.errorMessage(Buffer.buffer(body)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "429 | RATE_LIMITED",
    "503 | UNAVAILABLE",
    "504 | UPSTREAM_TIMEOUT",
    "500 | UPSTREAM_ERROR",
    // an upstream 401 means the gateway's own key is bad: not the client's fault
    "401 | UPSTREAM_ERROR",
  })
  void upstreamErrorCodesBecomeKinds(int code, ErrorKind kind) {
    assertEquals(kind, GeminiErrors.upstreamKind(new JsonObject().put("code", code).put("message", "m")));
  }
}

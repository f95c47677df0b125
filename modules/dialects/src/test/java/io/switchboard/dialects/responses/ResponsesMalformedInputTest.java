package io.switchboard.dialects.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.dialects.GoldenFiles;
import io.switchboard.dialects.StreamRuns;
import io.switchboard.dialects.JsonMutations;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad Responses bodies are the client's 400, in OpenAI's words and error shape, naming the field; every node of the
 * golden bodies replaced by a value of every JSON type gets such a 400 or is coped with, never a crash.
 */
class ResponsesMalformedInputTest {
  private final ResponsesWireFormat format = new ResponsesWireFormat();

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
    {"input":"x"}                                                     | Missing required parameter: 'model'.
    {"model":"m"}                                                     | Missing required parameter: 'input'.
    {"model":"m","input":5}                                           | Invalid type for 'input': expected a string or an array of input items.
    {"model":"m","input":[5]}                                         | Invalid type for 'input[0]': expected an object.
    {"model":"m","input":[{"role":"tool","content":"x"}]}             | Invalid value for 'input[0].role': 'tool'. Supported values are: 'user', 'assistant', 'system', and 'developer'.
    {"model":"m","input":[{"role":"user"}]}                           | Missing required parameter: 'input[0].content'.
    {"model":"m","input":[{"role":"user","content":7}]}               | Invalid type for 'input[0].content': expected a string or an array of content parts.
    {"model":"m","input":[{"role":"user","content":[{"type":"input_image"}]}]} | Missing required parameter: 'input[0].content[0].image_url' (or 'input[0].content[0].file_id').
    {"model":"m","input":[{"role":"user","content":[{"type":"input_image","image_url":"data:image/png,abc"}]}]} | Invalid value for 'input[0].content[0].image_url': a data URL must be base64 (data:<media type>;base64,<data>).
    {"model":"m","input":[{"type":7}]}                                | Invalid type for 'input[0].type': expected a string.
    {"model":"m","input":[{"type":"function_call","call_id":"c","arguments":"{}"}]} | Missing required parameter: 'input[0].name'.
    {"model":"m","input":[{"type":"function_call_output","call_id":"c1","output":"x"}]} | No tool call found for function call output with call_id c1.
    {"model":"m","input":[{"type":"function_call","call_id":"c","name":"f"},{"type":"function_call_output","call_id":"c"}]} | Missing required parameter: 'input[1].output'.
    {"model":"m","input":[{"type":"reasoning","summary":[{"type":"summary_text"}]}]} | Missing required parameter: 'input[0].summary[0].text'.
    {"model":"m","input":"x","tools":[{"type":"function"}]}            | Missing required parameter: 'tools[0].name'.
    {"model":"m","input":"x","tools":{"type":"function"}}              | Invalid type for 'tools': expected an array.
    {"model":"m","input":"x","tool_choice":"always"}                   | Invalid value for 'tool_choice': 'always'. Supported values are: 'none', 'auto', and 'required'.
    {"model":"m","input":"x","tool_choice":{"type":"function"}}        | Missing required parameter: 'tool_choice.name'.
    {"model":"m","input":"x","parallel_tool_calls":"yes"}              | Invalid type for 'parallel_tool_calls': expected a boolean.
    {"model":"m","input":"x","text":{"format":{"type":"yaml"}}}        | Invalid value for 'text.format.type': 'yaml'. Supported values are: 'text', 'json_object', and 'json_schema'.
    {"model":"m","input":"x","text":{"format":{"type":"json_schema"}}} | Missing required parameter: 'text.format.name'.
    {"model":"m","input":"x","reasoning":{"effort":"maximum"}}         | Invalid value for 'reasoning.effort': 'maximum'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', and 'xhigh'.
    {"model":"m","input":"x","max_output_tokens":1.5}                  | Invalid type for 'max_output_tokens': expected an integer.
    {"model":"m","input":"x","temperature":"hot"}                      | Invalid type for 'temperature': expected a number.
    {"model":"m","input":"x","metadata":[]}                            | Invalid type for 'metadata': expected an object.
    {"model":"m","input":"x","store":"no"}                             | Invalid type for 'store': expected a boolean.
    {"model":"m","input":"x","include":"reasoning.encrypted_content"}  | Invalid type for 'include': expected an array.
    {"model":"m","input":"x","previous_response_id":42}               | Invalid type for 'previous_response_id': expected a string.
    {"model":"m","input":"x","stream":"true"}                          | Invalid type for 'stream': expected a boolean.
    """)
  void badBodiesAreNamedFourHundreds(String body, String message) {
    GatewayException error = assertThrows(GatewayException.class,
      () -> format.decodeRequest(new JsonObject(body), null, false));

    assertEquals(ErrorKind.BAD_REQUEST, error.kind());
    assertEquals(message, error.getMessage());
  }

  /** The same error shape as Chat Completions: what the ingress writes for the 400. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
    BAD_REQUEST      | {"error":{"message":"m","type":"invalid_request_error","param":null,"code":null}}
    RATE_LIMITED     | {"error":{"message":"m","type":"requests","param":null,"code":"rate_limit_exceeded"}}
    UNAUTHENTICATED  | {"error":{"message":"m","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}
    UPSTREAM_ERROR   | {"error":{"message":"m","type":"server_error","param":null,"code":null}}
    """)
  void errorBodies(ErrorKind kind, String body) {
    assertEquals(body, format.errorBody(kind, "m").toString());
    assertEquals("m", format.errorMessage(Buffer.buffer(body)));
  }

  @Test
  void requestsOfEveryWrongShapeAreBadRequests() {
    int[] rejected = {0};
    for (String golden : List.of("request-codex.json", "request-structured.json")) {
      JsonMutations.each(GoldenFiles.json("responses/" + golden), body -> {
        try {
          format.encodeRequest(format.decodeRequest(body, null, false));
        } catch (GatewayException e) {
          assertEquals(ErrorKind.BAD_REQUEST, e.kind(), e.getMessage());
          assertTrue(e.getMessage().contains("'") || e.getMessage().contains("call_id"), e.getMessage());
          rejected[0]++;
        }
      });
    }
    assertTrue(rejected[0] > 300, "most wrong shapes are rejected: " + rejected[0]);
  }

  @Test
  void upstreamAnswersOfEveryWrongShapeAreUpstreamErrorsAtWorst() {
    for (String golden : List.of("upstream-response-reasoning-call.json", "upstream-response-incomplete.json")) {
      JsonMutations.each(GoldenFiles.json("responses/" + golden), body -> {
        try {
          format.encodeResponse(format.decodeResponse(body), "m", body);
        } catch (GatewayException e) {
          assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
        }
      });
    }
  }

  @Test
  void streamEventsOfEveryWrongShapeNeverThrow() {
    for (String event : GoldenFiles.text("responses/upstream-stream-reasoning-call.sse").split("\n\n")) {
      String data = event.substring(event.indexOf("data: ") + "data: ".length());
      JsonMutations.each(new JsonObject(data), mutated -> {
        ResponsesStreamDecoder decoder = new ResponsesStreamDecoder();
        StreamRuns.encode(format.streamEncoder("m", false, mutated),
          ResponsesTranscripts.decode(decoder, ("data: " + mutated.encode() + "\n\n").getBytes()));
      });
    }
  }
}

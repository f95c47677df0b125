package io.switchboard.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The mock's AWS Bedrock routes for Anthropic models: InvokeModel (an Anthropic Message) and
 * InvokeModelWithResponseStream (each Anthropic stream event in one AWS event-stream frame).
 */
public final class MockBedrock {

  public static final String MESSAGE_ID = "msg_bdrk_mock";
  public static final String REQUEST_ID = "00000000-0000-4000-8000-000000000000";
  public static final String EVENT_STREAM_CONTENT_TYPE = "application/vnd.amazon.eventstream";
  /** What follows the exception name in x-amzn-ErrorType, as Bedrock sends it. */
  public static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";
  public static final long INVOCATION_LATENCY_MS = 100;
  public static final long FIRST_BYTE_LATENCY_MS = 50;

  private final MockUpstream owner;

  MockBedrock(MockUpstream owner) {
    this.owner = owner;
  }

  /** The InvokeModel answer: the Anthropic Message, with the path's model id as its model. */
  public static String invokeJson(String modelId, MockBehavior b) {
    return MockAnthropic.messageJson(MESSAGE_ID, modelId, b);
  }

  /**
   * The Anthropic event JSON each frame carries, in order: the events of the Anthropic stream, except that
   * message_stop also carries Bedrock's {@code amazon-bedrock-invocationMetrics}.
   */
  public static List<String> eventJsons(String modelId, MockBehavior b) {
    return events(modelId, b).all();
  }

  /** The whole InvokeModelWithResponseStream body for {@code b}: one frame per event. */
  public static Buffer streamBody(String modelId, MockBehavior b) {
    Buffer body = Buffer.buffer();
    eventJsons(modelId, b).forEach(json -> body.appendBytes(frame(json)));
    return body;
  }

  /**
   * One event-stream message: headers {@code :event-type=chunk}, {@code :content-type=application/json},
   * {@code :message-type=event}; payload {@code {"bytes":"<base64 of eventJson>"}}.
   */
  public static byte[] frame(String eventJson) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString("chunk"));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    String payload = "{\"bytes\":\""
        + Base64.getEncoder().encodeToString(eventJson.getBytes(StandardCharsets.UTF_8)) + "\"}";
    ByteBuffer encoded = new Message(headers, payload.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  /** Bedrock's error body: {"message": ...}; its exception name travels in x-amzn-ErrorType. */
  public static String errorJson(String message) {
    return "{\"message\":" + Json.encode(message) + "}";
  }

  /** The Bedrock Runtime exception an HTTP status stands for. */
  public static String errorType(int status) {
    return switch (status) {
      case 401 -> "UnrecognizedClientException";
      case 403 -> "AccessDeniedException";
      case 404 -> "ResourceNotFoundException";
      case 408 -> "ModelTimeoutException";
      case 424 -> "ModelErrorException";
      case 429 -> "ThrottlingException";
      case 503 -> "ServiceUnavailableException";
      default -> status >= 500 ? "InternalServerException" : "ValidationException";
    };
  }

  void invoke(HttpServerRequest request, Buffer body, MockBehavior b, String modelId, boolean stream) {
    var response = request.response().putHeader("x-amzn-RequestId", REQUEST_ID);
    if (b.status() != 200) {
      response.putHeader("x-amzn-ErrorType", errorType(b.status()) + ERROR_TYPE_SUFFIX);
      MockUpstream.sendError(response, b, MockUpstream.errorBody(b, errorJson("mock failure")));
      return;
    }
    if (MockUpstream.jsonOrNull(body) == null) {
      response.putHeader("x-amzn-ErrorType", "ValidationException" + ERROR_TYPE_SUFFIX);
      MockUpstream.sendJson(response, 400,
          errorJson("Malformed input request, please reformat your input and try again."));
      return;
    }
    if (!stream) {
      response.putHeader("x-amzn-bedrock-invocation-latency", String.valueOf(INVOCATION_LATENCY_MS))
          .putHeader("x-amzn-bedrock-input-token-count", String.valueOf(b.promptTokens()))
          .putHeader("x-amzn-bedrock-output-token-count", String.valueOf(b.completionTokens()));
      MockUpstream.sendJson(response, 200, invokeJson(modelId, b));
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", EVENT_STREAM_CONTENT_TYPE);
    headers.put("x-amzn-bedrock-content-type", "application/json");
    new MockStream(owner, request, b, events(modelId, b).map((i, json) -> Buffer.buffer(frame(json))), headers)
        .start();
  }

  private static EventPlan<String> events(String modelId, MockBehavior b) {
    String messageStop = "{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":"
        + b.promptTokens() + ",\"outputTokenCount\":" + b.completionTokens() + ",\"invocationLatency\":"
        + INVOCATION_LATENCY_MS + ",\"firstByteLatency\":" + FIRST_BYTE_LATENCY_MS + "}}";
    return MockAnthropic.events(MESSAGE_ID, modelId, b, messageStop).map((i, e) -> e.data());
  }
}

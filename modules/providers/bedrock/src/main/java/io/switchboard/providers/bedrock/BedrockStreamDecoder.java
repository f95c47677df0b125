package io.switchboard.providers.bedrock;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.anthropic.AnthropicStreamDecoder;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** Bedrock's stream: AWS event-stream frames, each carrying one Anthropic stream event, read into canonical events. */
final class BedrockStreamDecoder implements StreamDecoder {
  private final BedrockEventStreamDecoder frames = new BedrockEventStreamDecoder();
  private final AnthropicStreamDecoder anthropic = new AnthropicStreamDecoder();

  @Override
  public List<StreamEvent> decode(Buffer read) {
    List<StreamEvent> events = new ArrayList<>();
    for (BedrockEvent event : frames.decode(read)) {
      if (event.isException()) {
        events.add(new StreamEvent.Failure(kind(event.exceptionType()), event.exceptionMessage()));
      } else {
        events.addAll(anthropic.onEvent(event.anthropicEvent()));
      }
    }
    return events;
  }

  @Override
  public List<StreamEvent> finish() {
    frames.finish();
    return anthropic.finish();
  }

  private static ErrorKind kind(String exceptionType) {
    String type = exceptionType == null ? "" : exceptionType.toLowerCase(java.util.Locale.ROOT);
    if (type.contains("throttling")) {
      return ErrorKind.RATE_LIMITED;
    }
    if (type.contains("validation")) {
      return ErrorKind.BAD_REQUEST;
    }
    if (type.contains("unavailable") || type.contains("overloaded")) {
      return ErrorKind.UNAVAILABLE;
    }
    return ErrorKind.UPSTREAM_ERROR;
  }
}

package io.switchboard.app;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.switchboard.api.SameLoop;

/**
 * An event-bus hop's span names the role's address, not the event loop's own address it went to ({@link SameLoop}):
 * a trace reads the same however many instances a role has, and the loops' numbering stays inside the process.
 */
final class SharedAddressSpans implements SpanProcessor {
  private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");

  @Override
  public void onStart(Context parent, ReadWriteSpan span) {
    String address = span.getAttribute(DESTINATION);
    if (address != null) {
      String shared = SameLoop.shared(address);
      if (!shared.equals(address)) {
        span.setAttribute(DESTINATION, shared);
      }
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
  }

  @Override
  public boolean isEndRequired() {
    return false;
  }
}

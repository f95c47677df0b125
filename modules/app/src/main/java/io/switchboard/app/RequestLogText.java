package io.switchboard.app;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.switchboard.api.RequestLog;

/**
 * {@code %requestLog} in a text pattern: the {@link RequestLog} of the request a line is about as
 * {@code " [req=… key=… account=… model=…]"} (what is known of it), or nothing for a line about no request. Taken from
 * the Vert.x context of the thread that logged the line, like {@link RequestLogJson}.
 */
public final class RequestLogText extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    RequestLog log = BatchedStdout.requestOfLine();
    if (log == null) {
      return "";
    }
    StringBuilder text = new StringBuilder(" [req=").append(log.requestId());
    part(text, "key", log.keyId());
    part(text, "account", log.accountId());
    part(text, "model", log.model());
    return text.append(']').toString();
  }

  private static void part(StringBuilder text, String name, String value) {
    if (value != null) {
      text.append(' ').append(name).append('=').append(value);
    }
  }
}

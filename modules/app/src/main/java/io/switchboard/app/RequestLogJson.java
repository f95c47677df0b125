package io.switchboard.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import io.switchboard.api.RequestLog;
import java.io.IOException;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * Writes the {@link RequestLog} of the request a JSON log line is about ({@code requestId}, {@code keyId},
 * {@code accountId}, {@code model}): the one {@link BatchedConsoleAppender} took from the Vert.x context of the thread
 * that logged the line, or, under an appender that encodes on that thread itself, read from its context then (so
 * logback's AsyncAppender, which encodes on a thread of its own, would lose it).
 */
public final class RequestLogJson extends AbstractJsonProvider<ILoggingEvent> {
  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    RequestLog log = BatchedStdout.requestOfLine();
    if (log == null) {
      return;
    }
    generator.writeStringField("requestId", log.requestId());
    field(generator, "keyId", log.keyId());
    field(generator, "accountId", log.accountId());
    field(generator, "model", log.model());
  }

  private static void field(JsonGenerator generator, String name, String value) throws IOException {
    if (value != null) {
      generator.writeStringField(name, value);
    }
  }
}

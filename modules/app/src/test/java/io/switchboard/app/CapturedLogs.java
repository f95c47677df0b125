package io.switchboard.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log line (message and stack trace text) written while attached, to check no secret is logged. */
final class CapturedLogs extends AppenderBase<ILoggingEvent> {
  private final List<String> lines = new ArrayList<>();

  static CapturedLogs attach() {
    CapturedLogs logs = new CapturedLogs();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    logs.setContext(context);
    logs.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
    return logs;
  }

  void detach() {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
    }
    lines.add(text.toString());
  }
}

package io.switchboard.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * logback.xml's console appender: each line is encoded on the thread that logs it (the request's fields come from
 * that thread's Vert.x context) and written to standard output in batches ({@link BatchedStdout}). Stopping it closes
 * that stream, as any output stream appender does, which writes what is buffered and leaves standard output open.
 */
public final class BatchedConsoleAppender extends OutputStreamAppender<ILoggingEvent> {

  @Override
  public void start() {
    setOutputStream(BatchedStdout.shared());
    super.start();
  }
}

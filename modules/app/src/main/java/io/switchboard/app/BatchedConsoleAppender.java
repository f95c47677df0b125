package io.switchboard.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * logback.xml's console appender: each line is encoded on the thread that logs it (the request's fields come from
 * that thread's Vert.x context) and written to standard output in batches ({@link BatchedStdout}).
 */
public final class BatchedConsoleAppender extends OutputStreamAppender<ILoggingEvent> {
  private final BatchedStdout out;

  public BatchedConsoleAppender() {
    this(BatchedStdout.shared());
  }

  BatchedConsoleAppender(BatchedStdout out) {
    this.out = out;
  }

  @Override
  public void start() {
    setOutputStream(out);
    super.start();
  }

  /** Stops this appender, writing what is buffered, without closing standard output. */
  @Override
  public void stop() {
    if (isStarted()) {
      out.close();
    }
    super.stop();
  }
}

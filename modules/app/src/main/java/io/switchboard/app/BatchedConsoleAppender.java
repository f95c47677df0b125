package io.switchboard.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

/**
 * logback.xml's console appender: a line is handed to {@link BatchedStdout} with the request it is about, and its
 * encoder runs on that writer's thread, which writes lines to standard output in batches. Stopping it writes what is
 * queued (standard output stays open).
 */
public final class BatchedConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private static final byte[] NOTHING = new byte[0];
  private Encoder<ILoggingEvent> encoder;
  private volatile BatchedStdout out = BatchedStdout.shared();

  /** The encoder of each line (set from logback.xml). */
  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  /** Where the lines go instead of the process's standard output (tests). */
  void writeTo(BatchedStdout out) {
    this.out = out;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("No encoder set for the appender named \"" + name + "\".");
      return;
    }
    if (!encoder.isStarted()) { // logback.xml's encoder has been started by then; one built in code may not be
      encoder.start();
    }
    super.start();
  }

  @Override
  public void stop() {
    if (isStarted()) {
      super.stop();
      out.close();
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    out.add(event, this);
  }

  /**
   * The line's bytes; a line the encoder fails on (an exception or error, or no bytes) is left out, and the failure
   * told to logback's status, so that one line cannot stop the writer.
   */
  byte[] encode(ILoggingEvent event) {
    try {
      byte[] line = encoder.encode(event);
      return line != null ? line : NOTHING;
    } catch (RuntimeException | LinkageError | StackOverflowError failed) {
      addError("A log line of " + event.getLoggerName() + " could not be encoded", failed);
      return NOTHING;
    }
  }
}

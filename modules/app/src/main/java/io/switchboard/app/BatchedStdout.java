package io.switchboard.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Standard output for log lines, written by one thread in batches: a line is copied into a buffer on the thread that
 * logs it (an event loop, usually) and a writer thread writes what has gathered at most every
 * {@value #LINGER_MILLIS} ms in one system call. One write per line was 3 % of the event loop's time with the access
 * log on; a batch every 2 ms woke the writer four times as often and took twice its CPU. A full buffer
 * ({@value #CAPACITY} bytes) makes the logging thread wait, as a blocked standard output would.
 * On stop, and when the JVM shuts down, what is buffered is written and later lines go straight out.
 */
final class BatchedStdout extends OutputStream {
  static final int CAPACITY = 1 << 20;
  static final int LINGER_MILLIS = 10;
  private static final BatchedStdout SHARED = new BatchedStdout(new FileOutputStream(FileDescriptor.out));
  private final OutputStream out;
  private final Thread writer;
  private byte[] filling = new byte[8192];
  private int count;
  private boolean direct;
  private boolean writerWaiting;
  private boolean writing;

  BatchedStdout(OutputStream out) {
    this.out = out;
    this.writer = new Thread(this::writeBatches, "sb-log-writer");
    writer.setDaemon(true);
    writer.start();
    Runtime.getRuntime().addShutdownHook(new Thread(this::drainAndGoDirect, "sb-log-drain"));
  }

  /** The one every console appender of the process shares, so their lines keep their order. */
  static BatchedStdout shared() {
    return SHARED;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int off, int len) throws IOException {
    while (!direct && count > 0 && count + len > CAPACITY) {
      try {
        wait();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for the log writer");
      }
    }
    if (direct) {
      out.write(bytes, off, len);
      return;
    }
    if (filling.length < count + len) {
      filling = java.util.Arrays.copyOf(filling, Math.max(count + len, Math.min(CAPACITY, 2 * filling.length)));
    }
    System.arraycopy(bytes, off, filling, count, len);
    boolean wasEmpty = count == 0;
    count += len;
    if (wasEmpty && writerWaiting) {
      LockSupport.unpark(writer);
    }
  }

  /** Nothing to do: the writer thread writes within {@value #LINGER_MILLIS} ms. */
  @Override
  public void flush() {
  }

  /** Writes what is buffered; later lines go straight out (standard output itself stays open). */
  @Override
  public void close() {
    drainAndGoDirect();
  }

  private void writeBatches() {
    byte[] spare = new byte[8192];
    while (true) {
      byte[] batch;
      int length;
      synchronized (this) {
        writerWaiting = count == 0;
      }
      if (writerWaiting) {
        LockSupport.park(this);
        continue;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS)); // let a batch gather
      synchronized (this) {
        if (direct) {
          return;
        }
        batch = filling;
        length = count;
        filling = spare.length >= batch.length ? spare : new byte[batch.length];
        count = 0;
        writing = true;
        notifyAll();
      }
      writeOut(batch, length);
      synchronized (this) {
        writing = false;
        notifyAll();
      }
      spare = batch;
    }
  }

  private synchronized void drainAndGoDirect() {
    if (!direct) {
      direct = true;
      while (writing) { // the batch before this one goes out first
        try {
          wait();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      writeOut(filling, count);
      count = 0;
      notifyAll();
      LockSupport.unpark(writer);
    }
  }

  private void writeOut(byte[] batch, int length) {
    try {
      out.write(batch, 0, length);
      out.flush();
    } catch (IOException lost) {
      // standard output is gone: there is nowhere left to say so
    }
  }
}

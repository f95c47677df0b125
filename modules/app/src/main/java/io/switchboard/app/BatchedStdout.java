package io.switchboard.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.switchboard.api.RequestLog;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Standard output for log lines, encoded and written by one thread: the thread that logs a line (an event loop,
 * usually) only hands it over, with the request it is about ({@link RequestLog}, read from that thread's Vert.x
 * context), and a writer thread encodes what has gathered at most every {@value #LINGER_MILLIS} ms and writes it in
 * one system call. Encoding a JSON line was a twentieth of the event loop's time under plain load with the access log
 * on; one write per line was 3 % of it; a batch every 2 ms woke the writer four times as often and took twice its CPU.
 * A line is handed over with its message formatted and its thread name and MDC taken (logback's deferred processing),
 * so it reads as it would have on its own thread; caller data (file and line) is not kept. A full queue
 * ({@value #CAPACITY} lines waiting besides the batch being written) makes the logging thread wait, as a blocked
 * standard output would. On stop, and when the JVM shuts down, what is queued is written and later lines are encoded
 * and written by the thread that logs them.
 */
final class BatchedStdout {
  static final int CAPACITY = 4096;
  static final int LINGER_MILLIS = 10;
  /** A batch larger than this goes out in several writes, so its bytes are never all held at once. */
  static final int WRITE_BYTES = 1 << 20;
  private static final BatchedStdout SHARED = new BatchedStdout(new FileOutputStream(FileDescriptor.out));
  /** The request of the line the current thread is encoding, when its logging thread named one. */
  private static final ThreadLocal<RequestLog> ENCODING = new ThreadLocal<>();
  /** While set (the start's warm-up), lines logged are encoded as ever and then left out. */
  private static volatile boolean quiet;
  private final OutputStream out;
  private final Thread writer;
  private List<Line> queued = new ArrayList<>();
  private boolean direct;
  private boolean writerWaiting;
  private boolean writing;
  /** Lines the writer's own thread logged while encoding one, written right after it (writer thread only). */
  private final List<Line> nested = new ArrayList<>();
  private boolean encodingNested;

  /**
   * A line waiting for the writer: the event, the appender that encodes it, the request it is about, and whether it
   * is left out once encoded (logged while {@link #quiet}).
   */
  private record Line(ILoggingEvent event, BatchedConsoleAppender appender, RequestLog request, boolean leftOut) {
  }

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

  /** Leaves the lines logged from now on out ({@code true}), or writes them again. */
  static void quiet(boolean on) {
    quiet = on;
  }

  /**
   * The request the line being encoded is about: the one its logging thread named when the line was handed over,
   * else (a line encoded on its own thread, by another appender) the current thread's.
   */
  static RequestLog requestOfLine() {
    RequestLog handedOver = ENCODING.get();
    return handedOver != null ? handedOver : RequestLog.current();
  }

  /** Hands {@code event} over to be encoded by {@code appender} and written, in the order lines come. */
  void add(ILoggingEvent event, BatchedConsoleAppender appender) {
    RequestLog request = RequestLog.current();
    if (request != null) {
      request.requestId(); // a log received from another role reads its fields here, not on the writer
    }
    Line line = new Line(event, appender, request, quiet);
    event.prepareForDeferredProcessing();
    if (Thread.currentThread() == writer) { // logged while encoding: waiting for the queue would wait for itself
      if (encodingNested) { // an encoder that logs each time it encodes would never end
        appender.addWarn("A log line logged while encoding a line logged while encoding is left out");
      } else {
        nested.add(line);
      }
      return;
    }
    synchronized (this) {
      while (!direct && queued.size() >= CAPACITY) {
        try {
          wait();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return; // the line is lost, as a write interrupted on a blocked standard output would be
        }
      }
      if (direct) {
        writeOut(new Encoded(), List.of(line));
        return;
      }
      queued.add(line);
      if (queued.size() == 1 && writerWaiting) {
        LockSupport.unpark(writer);
      }
    }
  }

  /** Writes what is queued; later lines are encoded and written by the thread that logs them. */
  void close() {
    drainAndGoDirect();
  }

  /** The writer's loop; should it end on an error, later lines are written by the threads that log them. */
  private void writeBatches() {
    try {
      gatherAndWrite();
    } finally {
      synchronized (this) {
        direct = true;
        writing = false;
        try {
          writeOut(new Encoded(), queued); // what waited, if the error allows
        } finally {
          queued = new ArrayList<>();
          notifyAll();
        }
      }
    }
  }

  private void gatherAndWrite() {
    List<Line> spare = new ArrayList<>();
    Encoded bytes = new Encoded();
    while (true) {
      List<Line> batch;
      synchronized (this) {
        if (direct) {
          return;
        }
        writerWaiting = queued.isEmpty();
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
        batch = queued;
        queued = spare;
        writing = true;
        notifyAll();
      }
      writeOut(bytes, batch);
      batch.clear();
      spare = batch;
      synchronized (this) {
        writing = false;
        notifyAll();
      }
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
      writeOut(new Encoded(), queued);
      queued = new ArrayList<>();
      notifyAll();
      LockSupport.unpark(writer);
    }
  }

  /**
   * Encodes {@code lines} in their order, each with the request it is about, and writes them: in one call, or one
   * per {@value #WRITE_BYTES} bytes for a batch larger than that.
   */
  private void writeOut(Encoded bytes, List<Line> lines) {
    for (Line line : lines) {
      encode(bytes, line);
      if (!nested.isEmpty() && Thread.currentThread() == writer) {
        encodingNested = true;
        try {
          for (Line loggedMeanwhile : nested) {
            encode(bytes, loggedMeanwhile);
          }
        } finally {
          nested.clear();
          encodingNested = false;
        }
      }
      if (bytes.count >= WRITE_BYTES) {
        bytes.writeTo(out);
      }
    }
    bytes.writeTo(out);
  }

  private static void encode(Encoded bytes, Line line) {
    byte[] encoded = encodingFor(line.request(), () -> line.appender().encode(line.event()));
    if (!line.leftOut()) {
      bytes.append(encoded);
    }
  }

  /** What {@code encode} gives with {@code request} as the request of the line it encodes. */
  static <T> T encodingFor(RequestLog request, Supplier<T> encode) {
    ENCODING.set(request);
    try {
      return encode.get();
    } finally {
      ENCODING.remove();
    }
  }

  /** A batch's bytes, the array kept from one batch to the next unless a large batch grew it. */
  private static final class Encoded {
    private static final int KEPT = 8192;
    byte[] array = new byte[KEPT];
    int count;

    void append(byte[] line) {
      if (array.length < count + line.length) {
        array = Arrays.copyOf(array, Math.max(count + line.length, 2 * array.length));
      }
      System.arraycopy(line, 0, array, count, line.length);
      count += line.length;
    }

    void writeTo(OutputStream out) {
      if (count == 0) {
        return;
      }
      try {
        out.write(array, 0, count);
        out.flush();
      } catch (IOException lost) {
        // standard output is gone: there is nowhere left to say so
      }
      count = 0;
      if (array.length >= WRITE_BYTES) {
        array = new byte[KEPT];
      }
    }
  }
}

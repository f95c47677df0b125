package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchedStdoutTest {

  /** Standard output as a test sees it: every byte kept, and each write call counted. */
  private static final class Recorded extends ByteArrayOutputStream {
    int writes;

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
      writes++;
      super.write(bytes, off, len);
    }

    synchronized String text() {
      return toString(StandardCharsets.UTF_8);
    }
  }

  private static String line(int thread, int n) {
    return "{\"thread\":" + thread + ",\"n\":" + n + "}\n";
  }

  @Test
  void linesFromManyThreadsAllArriveWholeInTheirOrderInFewWrites() throws Exception {
    Recorded out = new Recorded();
    BatchedStdout batched = new BatchedStdout(out);
    int threads = 4;
    int lines = 5_000;
    List<Thread> loggers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread logger = new Thread(() -> {
        for (int n = 0; n < lines; n++) {
          byte[] bytes = line(id, n).getBytes(StandardCharsets.UTF_8);
          try {
            batched.write(bytes, 0, bytes.length);
            batched.flush();
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
        }
      });
      loggers.add(logger);
      logger.start();
    }
    for (Thread logger : loggers) {
      logger.join();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (out.text().split("\n", -1).length - 1 < threads * lines && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    String[] written = out.text().split("\n");
    assertEquals(threads * lines, written.length, "every line arrived, none cut or merged");
    int[] next = new int[threads];
    for (String got : written) {
      int thread = Integer.parseInt(got.substring(got.indexOf(':') + 1, got.indexOf(',')));
      assertEquals(line(thread, next[thread]).strip(), got, "each thread's lines in the order it wrote them");
      next[thread]++;
    }
    assertTrue(out.writes < threads * lines / 10,
      "lines go out in batches: " + out.writes + " writes for " + threads * lines + " lines");
  }

  @Test
  void closingWritesWhatIsBufferedAndLaterLinesGoStraightOut() throws Exception {
    Recorded out = new Recorded();
    BatchedStdout batched = new BatchedStdout(out);
    byte[] first = "first\n".getBytes(StandardCharsets.UTF_8);
    batched.write(first, 0, first.length);
    batched.close();
    assertEquals("first\n", out.text(), "what waited is written on close, without waiting for the writer");
    byte[] later = "later\n".getBytes(StandardCharsets.UTF_8);
    batched.write(later, 0, later.length);
    assertEquals("first\nlater\n", out.text(), "after close a line is written at once");
  }

  @Test
  void aLoggerWaitsWhenTheBufferIsFullAndLosesNothing() throws Exception {
    Recorded out = new Recorded();
    BatchedStdout batched = new BatchedStdout(out);
    byte[] big = new byte[BatchedStdout.CAPACITY / 3];
    java.util.Arrays.fill(big, (byte) 'x');
    for (int i = 0; i < 10; i++) {
      batched.write(big, 0, big.length);
    }
    batched.close();
    assertEquals(10L * big.length, out.size(), "ten writes of a third of the buffer each all arrived");
  }
}

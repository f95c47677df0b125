package io.switchboard.app;

import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands memory that glibc's malloc keeps after it was freed back to the system, every
 * {@code vertx.trimNativeHeapSeconds}: the JIT's arenas at warm-up and the monitors Vert.x inflates per event-bus
 * request leave some 25 MiB of free native heap resident that nothing uses again soon. It is the JVM's own
 * {@code System.trim_native_heap} (JDK 17.0.2 and later, glibc), called on a worker thread; where the JVM has no such
 * command it is never called.
 */
final class NativeHeapTrim {
  private static final Logger LOG = LoggerFactory.getLogger(NativeHeapTrim.class);
  private static final String OPERATION = "systemTrimNativeHeap";

  private final MBeanServer server;
  private final ObjectName diagnostics;

  private NativeHeapTrim(MBeanServer server, ObjectName diagnostics) {
    this.server = server;
    this.diagnostics = diagnostics;
  }

  /** Trims every {@code seconds} on {@code vertx}'s timers while it runs; 0 or a JVM without the command: never. */
  static void every(Vertx vertx, long seconds) {
    if (seconds <= 0) {
      return;
    }
    NativeHeapTrim trim = available();
    if (trim == null) {
      LOG.info("vertx.trimNativeHeapSeconds: this JVM cannot trim its native heap (System.trim_native_heap), so "
        + "it is not trimmed");
      return;
    }
    vertx.setPeriodic(seconds * 1000, id -> vertx.executeBlocking(trim::run, false));
  }

  /** The JVM's diagnostic command, when it has one that trims. */
  static NativeHeapTrim available() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
      boolean present = Arrays.stream(server.getMBeanInfo(diagnostics).getOperations())
        .anyMatch(operation -> operation.getName().equals(OPERATION));
      return present ? new NativeHeapTrim(server, diagnostics) : null;
    } catch (JMException | RuntimeException e) {
      return null;
    }
  }

  /** Trims once; what the JVM reports (resident size before and after), or why it could not. */
  String run() {
    try {
      String report = String.valueOf(server.invoke(diagnostics, OPERATION, new Object[] {null},
        new String[] {String[].class.getName()})).trim();
      LOG.debug("{}", report);
      return report;
    } catch (JMException | RuntimeException e) { // RuntimeMBeanException: the command itself failed
      LOG.warn("trimming the native heap failed: {}", e.toString());
      return e.toString();
    }
  }
}

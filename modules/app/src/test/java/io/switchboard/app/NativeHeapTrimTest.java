package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JVM this gateway runs on (JDK 17.0.2+, glibc) trims its native heap when asked, and says what it freed. */
class NativeHeapTrimTest {
  private static final Pattern REPORT = Pattern.compile("Trim native heap: RSS\\+Swap: (\\d+)([KMG])->(\\d+)([KMG])");

  @Test
  void trimsTheNativeHeapAndReportsTheResidentSizeBeforeAndAfter() {
    NativeHeapTrim trim = NativeHeapTrim.available();
    assertNotNull(trim, "System.trim_native_heap is available");
    String report = trim.run();
    Matcher matcher = REPORT.matcher(report);
    assertTrue(matcher.find(), report);
    long before = kib(matcher.group(1), matcher.group(2));
    long after = kib(matcher.group(3), matcher.group(4));
    assertTrue(before > 0 && after > 0 && after <= before + 1024, report);
  }

  private static long kib(String amount, String unit) {
    return Long.parseLong(amount) << switch (unit) {
      case "G" -> 20;
      case "M" -> 10;
      default -> 0;
    };
  }
}

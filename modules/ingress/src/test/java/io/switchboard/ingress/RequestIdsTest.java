package io.switchboard.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void idsCarryTheirStartTimeFirstSoTheySortInTheOrderRequestsBegan() {
    long start = 1_795_000_000_000L;
    String earlier = RequestIds.next(start);
    String later = RequestIds.next(start + 1);

    assertTrue(earlier.matches("req_[0-9a-f]{32}"), earlier);
    assertEquals(Long.toHexString(start), earlier.substring(4, 16).replaceFirst("^0+", ""));
    assertTrue(earlier.compareTo(later) < 0, earlier + " sorts before " + later);
  }

  @Test
  void idsOfTheSameMillisecondDiffer() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(RequestIds.next(42));
    }
    assertEquals(100_000, ids.size());
  }

  @Test
  void aClientsOwnIdIsKeptOnlyWhenItIsShortAndPlain() {
    for (String fit : new String[] {"a", "0b1c2d3e-aaaa-4bbb-8ccc-123456789abc", "00-4bf92f3577b34da6a3ce929d0e0e4736",
      "job:42/step_7.retry+1=x@host", "x".repeat(128)}) {
      assertEquals(fit, RequestIds.fromClient(fit));
    }
    for (String unfit : new String[] {null, "", "x".repeat(129), "two words", "tab\there", "new\nline", "quote\"",
      "semi;colon", "caf\u00e9", "{\"json\":1}"}) {
      assertEquals(null, RequestIds.fromClient(unfit), unfit);
    }
  }
}

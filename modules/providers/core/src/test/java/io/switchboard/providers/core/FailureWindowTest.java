package io.switchboard.providers.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When an account's circuit opens: failures in a row, or a failure rate over a window. */
class FailureWindowTest {

  @Test
  void opensAfterConsecutiveFailuresAndASuccessStartsTheCountAgain() {
    FailureWindow window = new FailureWindow(new FailureWindow.Limits(3, 0.9, 100, 10_000));
    assertFalse(window.record(true, 1));
    assertFalse(window.record(true, 2));
    assertFalse(window.record(false, 3));
    assertFalse(window.record(true, 4));
    assertFalse(window.record(true, 5));
    assertTrue(window.record(true, 6));
  }

  @Test
  void opensOnAFailureRateOnlyOnceTheWindowHoldsEnoughAttempts() {
    FailureWindow window = new FailureWindow(new FailureWindow.Limits(100, 0.5, 6, 1000));
    assertFalse(window.record(true, 0));
    assertFalse(window.record(false, 10));
    assertFalse(window.record(true, 20));
    assertFalse(window.record(false, 30));
    assertFalse(window.record(true, 40), "5 attempts: too few to judge");
    assertTrue(window.record(true, 50), "4 of 6 failed");
  }

  @Test
  void oldAttemptsLeaveTheWindow() {
    FailureWindow window = new FailureWindow(new FailureWindow.Limits(100, 0.5, 4, 1000));
    for (int i = 0; i < 3; i++) {
      window.record(true, i);
    }
    for (int i = 0; i < 3; i++) {
      window.record(false, 2000 + i);
    }
    assertFalse(window.record(true, 2010), "1 of 4 in the window failed");
  }

  @Test
  void theWindowIsCountedInBucketsOfAThirtiethOfItAndForgetsWhatLeftIt() {
    FailureWindow window = new FailureWindow(new FailureWindow.Limits(1_000, 0.5, 4, 30_000));
    for (int i = 0; i < 100_000; i++) {
      window.record(false, i % 1000); // many attempts in one second: counted, not kept one by one
    }
    for (int i = 0; i < 3; i++) {
      assertFalse(window.record(true, 29_000 + i), "3 of 100,003 failed");
    }
    assertFalse(window.record(true, 29_999), "4 of 100,004 failed: the first second is still in the window");
    assertTrue(window.record(true, 30_000), "the first second has left it: 5 of 5 failed");
  }

  @Test
  void clearingForgetsTheAttemptsAndTheFailuresInARow() {
    FailureWindow window = new FailureWindow(new FailureWindow.Limits(2, 0.5, 2, 1000));
    assertFalse(window.record(true, 0));
    window.clear();
    assertFalse(window.record(true, 1), "one in a row again, one attempt in the window");
    assertTrue(window.record(true, 2));
  }
}

package io.switchboard.app;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * One thing a node needs before it takes traffic, asked by {@code /readyz} ({@link NodeReadiness}): a name, and a
 * run that succeeds when it holds and fails with what an operator should know (no secrets) when it does not.
 */
interface ReadinessCheck {
  String name();

  Future<?> run();

  static ReadinessCheck of(String name, Supplier<Future<?>> run) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<?> run() {
        return run.get();
      }
    };
  }
}

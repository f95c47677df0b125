package io.switchboard.app;

/** A configuration or start-up problem, told to the operator in one line (no stack trace). */
public final class ConfigError extends RuntimeException {
  public ConfigError(String message) {
    super(message.replace('\n', ' '), null, false, false);
  }
}

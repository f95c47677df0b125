package io.switchboard.app;

/** An adapter jar that cannot be deployed; the message names the jar and the reason, for the operator. */
public final class AdapterJarRefused extends RuntimeException {
  AdapterJarRefused(String message) {
    super(message.replace('\n', ' '), null, false, false);
  }
}

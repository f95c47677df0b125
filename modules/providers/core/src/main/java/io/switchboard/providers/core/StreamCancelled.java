package io.switchboard.providers.core;

/** The ingress cancelled a stream before the upstream answered: nobody waits for a head. */
final class StreamCancelled extends RuntimeException {
  StreamCancelled() {
    super("cancelled by the client", null, false, false);
  }
}

package io.switchboard.api;

/** A failure with a kind a client can be told about; its message is safe to show to the client. */
public class GatewayException extends RuntimeException {
  private final ErrorKind kind;

  public GatewayException(ErrorKind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }
}

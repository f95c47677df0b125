package io.switchboard.api;

/** Every way a request can fail, with the HTTP status a client sees for it. */
public enum ErrorKind {
  BAD_REQUEST(400),
  UNAUTHENTICATED(401),
  QUOTA_EXHAUSTED(402),
  FORBIDDEN(403),
  MODEL_NOT_FOUND(404),
  /** The request's body did not arrive in time. */
  REQUEST_TIMEOUT(408),
  BODY_TOO_LARGE(413),
  RATE_LIMITED(429),
  INTERNAL(500),
  UPSTREAM_ERROR(502),
  UNAVAILABLE(503),
  UPSTREAM_TIMEOUT(504);

  private final int status;

  ErrorKind(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The kind a client-facing status maps back to (for failure codes carried over the bus). */
  public static ErrorKind ofStatus(int status) {
    for (ErrorKind kind : values()) {
      if (kind.status == status) {
        return kind;
      }
    }
    return status >= 500 ? UPSTREAM_ERROR : BAD_REQUEST;
  }
}

/**
 * The ingress role: the client-facing HTTP server, one route group per dialect, the attempt loop (failover and
 * back-off before the first byte), the stream relay to the client socket and error rendering in the client's
 * dialect. Depends on {@code api} and {@code dialects}; reaches every other role over the bus only.
 */
package io.switchboard.ingress;

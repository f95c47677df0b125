/**
 * The contract between roles: event-bus addresses ({@link io.switchboard.api.Addresses}), the records that travel on
 * the bus with their codecs (identity in one JVM, JSON across nodes), the canonical chat model, error kinds and
 * classes, provider kinds. Depends on Vert.x core only; every other module may depend on it.
 */
package io.switchboard.api;

/**
 * The process: reads and validates the configuration, starts the embedded or external storage, builds Vert.x and
 * deploys each role, and deploys provider adapters from jars at runtime, each in a class loader of its own
 * ({@link io.switchboard.app.AdapterJar}). The only module that knows every role.
 */
package io.switchboard.app;

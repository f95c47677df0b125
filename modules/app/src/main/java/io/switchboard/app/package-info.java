/**
 * The process: reads and validates the configuration, starts the embedded or external storage, builds Vert.x and
 * deploys each role. The only module that knows every role.
 */
package io.switchboard.app;

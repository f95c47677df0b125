/**
 * Rules as stored and validated: their JSON definition, parsing, validation, hits and the outcome log.
 */
package io.switchboard.store.rules;

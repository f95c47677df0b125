/**
 * Google Gemini: requests, answers, SSE and JSON-array streams and errors to and from the canonical model.
 */
package io.switchboard.dialects.gemini;

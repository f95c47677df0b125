/**
 * The Google Gemini API adapter. Depends on {@code providers-core} only.
 */
package io.switchboard.providers.gemini;

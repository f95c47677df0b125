/**
 * Signed reasoning across upstream families: which family may receive a thinking signature, redacted thinking or
 * encrypted reasoning, and the seal that names the family when another dialect's client holds it.
 */
package io.switchboard.dialects.reasoning;

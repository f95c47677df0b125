/**
 * The canonical chat model every wire format maps to and from: requests, responses and stream events.
 * Records are immutable; collections are never null (empty instead); optional scalars are null when absent.
 */
package io.switchboard.api.chat;

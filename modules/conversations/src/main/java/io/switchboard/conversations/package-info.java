/**
 * The conversations role: Responses API answers kept per client key in PostgreSQL ({@code store}), read and deleted
 * for the ingress, and the conversation a {@code previous_response_id} continues. Depends on {@code api} and
 * {@code store}.
 */
package io.switchboard.conversations;

/**
 * The admin role: the admin and user REST API on its own port, built from {@code openapi.json} (each operation bound
 * to a method reference), JWT sign-in, audit. Stores return records and this module shapes the JSON. Depends on
 * {@code api} and {@code store}.
 */
package io.switchboard.admin;

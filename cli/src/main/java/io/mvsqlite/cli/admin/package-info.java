/**
 * {@code mvsqlite ns ...} and {@code mvsqlite fork}: namespace administration through an mvstore's
 * admin API ({@link io.mvsqlite.client.transport.HttpNamespaceAdmin}) or the in-process engine,
 * chosen by {@link io.mvsqlite.cli.admin.AdminOptions}.
 */
package io.mvsqlite.cli.admin;

/**
 * {@code mvsqlite import} and {@code mvsqlite export}: page-level copies between SQLite database
 * files and namespaces through the {@link io.mvsqlite.protocol.PageStore} API ({@code Importer}:
 * one commit of every page; {@code Exporter}: every page at one version), each checked with {@code
 * PRAGMA integrity_check}.
 */
package io.mvsqlite.cli.transfer;

/**
 * {@code mvsqlite serve}: the mvstore server ({@link io.mvsqlite.server.MvstoreCommand}) with
 * laptop defaults.
 */
package io.mvsqlite.cli.serve;

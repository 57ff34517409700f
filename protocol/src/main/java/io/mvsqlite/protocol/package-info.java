/**
 * What server and client share, defined once: domain values ({@code Version}), the error model
 * ({@code ErrorCode}, {@code MvException}), SQLite's numeric constants, and the wire records with
 * their MessagePack and JSON codecs.
 */
package io.mvsqlite.protocol;

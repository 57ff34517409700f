/** {@code mvsqlite bench}: the bench module's benchmark programs, found by name. */
package io.mvsqlite.cli.bench;

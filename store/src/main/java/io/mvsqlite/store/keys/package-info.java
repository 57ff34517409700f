/**
 * Every byte layout mvstore stores, keys and values, in one class ({@link
 * io.mvsqlite.store.keys.KeyCodec}), with the subset of FoundationDB's tuple encoding the metadata
 * keys need ({@link io.mvsqlite.store.keys.Tuple}).
 */
package io.mvsqlite.store.keys;

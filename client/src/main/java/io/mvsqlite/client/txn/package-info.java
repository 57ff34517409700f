/**
 * The SQLite-agnostic core of a connection (the reference's {@code mvfs}): {@link
 * io.mvsqlite.client.txn.MvConnection} runs transactions over versioned pages with a page cache
 * ({@link io.mvsqlite.client.txn.PageCache}), a write set whose pages are compared with their
 * snapshot content before they are committed, background uploads under a transaction lease, a read
 * set for page-level conflict checks, a prefetch predictor ({@link
 * io.mvsqlite.client.txn.PrefetchPredictor}) and a pipelined sequential read-ahead ({@link
 * io.mvsqlite.client.txn.ReadAhead}) that keeps asynchronous batch reads of the next pages in
 * flight during scans. Header layout facts and the empty-database template page live here too
 * ({@link io.mvsqlite.client.txn.HeaderFields}, {@link io.mvsqlite.client.txn.TemplatePages}).
 * {@link io.mvsqlite.client.txn.CommitGroup} makes the transactions of several connections (one
 * SQLite connection's databases) one serializable commit at a shared snapshot.
 */
package io.mvsqlite.client.txn;

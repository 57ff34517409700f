/**
 * The read side of the data plane: {@code /stat} ({@link io.mvsqlite.store.read.StatReader}),
 * {@code /batch/read} ({@link io.mvsqlite.store.read.PageReader}) with the read-version cache and
 * causal check, page-version lookup including staged commits, and changelog intervals ({@link
 * io.mvsqlite.store.read.IntervalReader}).
 */
package io.mvsqlite.store.read;

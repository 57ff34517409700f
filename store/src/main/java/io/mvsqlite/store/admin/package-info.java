/**
 * The namespace admin API over the KV store: create, fork, rename, delete, list, stat ({@link
 * io.mvsqlite.store.admin.KvNamespaceAdmin}); truncation and content GC are delegated to the GC
 * package ({@code io.mvsqlite.store.gc}).
 */
package io.mvsqlite.store.admin;

/**
 * The commit engine (docs/commit-protocol.md, docs/commit-groups.md): {@link
 * io.mvsqlite.store.commit.KvCommitEngine} validates a commit and writes it by one of three paths,
 * chosen by its page count: one KV transaction (path 1), the reference's two phases (path 2), or a
 * staged commit written over many short KV transactions and published by one (path 3). The {@link
 * io.mvsqlite.store.commit.BackgroundMerger} finishes staged commits whose merge a crash
 * interrupted. The facade's {@code PageStore.commit} delegates to the {@link
 * io.mvsqlite.store.commit.CommitEngine}.
 */
package io.mvsqlite.store.commit;

/**
 * The {@code -javaagent} that makes unmodified JVM programs use mvSQLite: {@link
 * io.mvsqlite.agent.MvSqliteAgent} (entry points), {@link io.mvsqlite.agent.NativeDbTransformer}
 * (instruments sqlite-jdbc's {@code NativeDB} with the JDK's class-file API), {@link
 * io.mvsqlite.agent.AgentHooks} (installs mvSQLite into each copy of SQLite on its first open;
 * decides and paces autocommit retries), {@link io.mvsqlite.agent.AgentBridge} (where instrumented
 * code finds the hooks) and {@link io.mvsqlite.agent.NativeAccessGrant} (start-up plumbing). See
 * docs/drop-in.md.
 */
package io.mvsqlite.agent;

/**
 * The HTTP layer of mvstore on Jetty's core handlers: one {@link io.mvsqlite.server.http.Router}
 * per listener, endpoints that translate HTTP to and from the engine's {@code PageStore} and {@code
 * NamespaceAdmin}, one exception mapper ({@link io.mvsqlite.server.http.ErrorReplies}), the admin
 * token check and the metrics. The wire formats are those of the protocol module; docs/http-api.md
 * is the reference of every path.
 */
package io.mvsqlite.server.http;

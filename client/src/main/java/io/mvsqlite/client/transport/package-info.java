/**
 * How a connection reaches its pages, behind the {@link io.mvsqlite.protocol.PageStore} interface:
 * {@link io.mvsqlite.client.transport.HttpPageStore} (mvstore servers over HTTP), {@link
 * io.mvsqlite.client.transport.DirectPageStore} (the engine in this process, shared per store
 * location by {@link io.mvsqlite.client.transport.DirectStores}) and {@link
 * io.mvsqlite.client.transport.RetryingPageStore}, which retries transient failures of either until
 * a deadline. {@link io.mvsqlite.client.transport.Transport} picks one from the configuration.
 * {@link io.mvsqlite.client.transport.HttpNamespaceAdmin} is the admin API of an mvstore over HTTP
 * (the in-process engine has its own).
 */
package io.mvsqlite.client.transport;

package io.mvsqlite.cli.admin;

import io.mvsqlite.cli.BackendOptions;
import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.CliException;
import io.mvsqlite.cli.Errors;
import io.mvsqlite.cli.StoreAccess;
import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.client.transport.HttpNamespaceAdmin;
import io.mvsqlite.client.transport.HttpPageStore;
import io.mvsqlite.client.vfs.VersionPins;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import java.net.URI;

/**
 * An open admin API for one command: over HTTP ({@link HttpNamespaceAdmin}) or the in-process
 * engine. It also turns version pins into versions ({@link #version}). {@link #explain} turns
 * failures into messages that say what to check. Not thread-safe; close it when the command ends.
 */
final class AdminSession implements AutoCloseable {

  private final CliContext ctx;
  private final NamespaceAdmin admin;
  private final StoreAccess store;
  private final String dataPlane;
  private final String description;

  private AdminSession(
      CliContext ctx,
      NamespaceAdmin admin,
      StoreAccess store,
      String dataPlane,
      String description) {
    this.ctx = ctx;
    this.admin = admin;
    this.store = store;
    this.dataPlane = dataPlane;
    this.description = description;
  }

  static AdminSession inProcess(CliContext ctx, ClientConfig.Backend backend) {
    StoreAccess store = StoreAccess.open(ctx, new BackendOptions.Resolved(backend, false));
    NamespaceAdmin admin = store.admin().orElseThrow();
    return new AdminSession(ctx, admin, store, null, store.describe());
  }

  static AdminSession http(CliContext ctx, URI adminApi, String token, String dataPlane) {
    HttpNamespaceAdmin admin =
        new HttpNamespaceAdmin(adminApi, token, HttpNamespaceAdmin.DEFAULT_TIMEOUT);
    return new AdminSession(
        ctx, admin, null, dataPlane, "the mvstore admin API at " + admin.baseUrl());
  }

  NamespaceAdmin admin() {
    return admin;
  }

  /** Where the namespaces are administered, for messages. */
  String describe() {
    return description;
  }

  /**
   * The version {@code pin} names (20 hex digits, or an ISO-8601 instant resolved by the data plane
   * or the in-process engine).
   */
  Version version(String pin) {
    try {
      if (VersionPins.isVersion(pin)) {
        return VersionPins.resolve(pin, null);
      }
      PageStore times =
          store != null
              ? store.rawPageStore()
              : new HttpPageStore(
                  BackendOptions.dataPlane(dataPlane).urls(),
                  ClientConfig.DEFAULT_HTTP_TIMEOUT,
                  false);
      return VersionPins.resolve(pin, times);
    } catch (MvException e) {
      if (e.code() == ErrorCode.NETWORK) {
        throw CliException.failure(
            "cannot map "
                + pin
                + " to a version: the data plane at "
                + dataPlane
                + " cannot be reached ("
                + e.getMessage()
                + "). Give --data-plane URL, or a version (20 hex digits).",
            e);
      }
      throw CliException.failure(Errors.describe(e), e);
    }
  }

  /** A failure of an admin call as the user should read it. */
  CliException explain(MvException e) {
    if (e.code() == ErrorCode.NETWORK && store == null) {
      return CliException.failure(
          e.getMessage()
              + ". Is an mvstore running (`mvsqlite serve`)? Give its admin API"
              + " with --admin-api URL, or work on a store directly with --store DIR.",
          e);
    }
    return CliException.failure(Errors.describe(e), e);
  }

  CliContext context() {
    return ctx;
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}

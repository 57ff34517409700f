package io.mvsqlite.cli;

import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.protocol.MvException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a command finds the databases' pages: mvstore servers over HTTP ({@code --data-plane}), an
 * embedded store in this process ({@code --store}), or FoundationDB in this process ({@code
 * --cluster}). At most one of the three is given; without any, the client's own settings decide
 * ({@code MVSQLITE_DATA_PLANE}, {@code MVSQLITE_STORE}, {@code MVSQLITE_CLUSTER} and their {@code
 * -Dmvsqlite.*} properties), and without those the embedded store in {@link
 * UserPaths#defaultStoreDir} — so that {@code mvsqlite shell test} works on a fresh machine.
 */
public final class BackendOptions {

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Choice choice;

  static final class Choice {
    @Option(
        names = "--data-plane",
        paramLabel = "URL",
        description =
            "mvstore data plane(s), comma-separated (http://HOST:PORT; HOST:PORT is accepted)."
                + " Env MVSQLITE_DATA_PLANE.")
    String dataPlane;

    @Option(
        names = "--store",
        paramLabel = "DIR",
        description =
            "Run the engine in this process on the embedded store in DIR (not while an mvstore serves"
                + " it). Env MVSQLITE_STORE.")
    Path store;

    @Option(
        names = "--cluster",
        paramLabel = "FILE",
        description =
            "Run the engine in this process on the FoundationDB cluster of this cluster file."
                + " Env MVSQLITE_CLUSTER.")
    Path cluster;
  }

  /**
   * Where the pages live.
   *
   * @param backend the client backend
   * @param defaultStore it is the default embedded store (nothing was configured)
   */
  public record Resolved(ClientConfig.Backend backend, boolean defaultStore) {

    /** True for the in-process backends (embedded store or FoundationDB). */
    public boolean inProcess() {
      return !(backend instanceof ClientConfig.DataPlane);
    }
  }

  /** A choice made in code (tests, other commands), as if given on the command line. */
  public static BackendOptions of(ClientConfig.Backend backend) {
    BackendOptions o = new BackendOptions();
    o.choice = new Choice();
    switch (backend) {
      case ClientConfig.DataPlane d ->
          o.choice.dataPlane = String.join(",", d.urls().stream().map(Object::toString).toList());
      case ClientConfig.EmbeddedStore e -> o.choice.store = e.directory();
      case ClientConfig.FdbCluster f -> o.choice.cluster = f.clusterFile();
      case ClientConfig.Unconfigured u -> o.choice = null;
    }
    return o;
  }

  /**
   * The backend these options, the client settings of the environment, or the default choose.
   *
   * @throws CliException {@link CliException#USAGE} for an invalid URL or setting
   */
  public Resolved resolve(CliContext ctx) {
    try {
      if (choice != null) {
        if (choice.dataPlane != null) {
          return new Resolved(dataPlane(choice.dataPlane), false);
        }
        return new Resolved(
            choice.store != null
                ? new ClientConfig.EmbeddedStore(choice.store)
                : new ClientConfig.FdbCluster(choice.cluster),
            false);
      }
      ClientConfig.Backend configured = clientConfig(ctx).backend();
      if (!(configured instanceof ClientConfig.Unconfigured)) {
        return new Resolved(configured, false);
      }
      return new Resolved(new ClientConfig.EmbeddedStore(UserPaths.defaultStoreDir(ctx)), true);
    } catch (MvException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /**
   * The client configuration of the environment (system properties over environment variables over
   * defaults).
   */
  public static ClientConfig clientConfig(CliContext ctx) {
    try {
      return ClientConfig.from(System::getProperty, ctx::getenv);
    } catch (MvException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** Data-plane URLs as the client takes them; {@code HOST:PORT} gets {@code http://}. */
  public static ClientConfig.DataPlane dataPlane(String urls) {
    List<String> parts = List.of(urls.split(","));
    String normalized =
        String.join(
            ",",
            parts.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.contains("://") ? s : "http://" + s)
                .toList());
    ClientConfig parsed =
        ClientConfig.from(
            name -> name.equals("mvsqlite.dataPlane") ? normalized : null, name -> null);
    return (ClientConfig.DataPlane) parsed.backend();
  }
}

package io.mvsqlite.kv.fdb;

import static org.junit.jupiter.api.Assumptions.abort;

import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvStoreContract;
import io.mvsqlite.kv.TransactionRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Tag;

/**
 * The KV contract on a real FoundationDB cluster: the one named by the environment variable {@code
 * MVSQLITE_FDB_CLUSTER_FILE}. Without it, or when the cluster or the client library is not there,
 * every test is skipped and the report says why (the check runs when a test opens its store, so
 * each skipped test is listed).
 *
 * <p>Tests write under {@code mvsqlite-kv-contract/<run id>/}, so concurrent runs on one cluster do
 * not meet; each test clears its own prefix before and after it runs.
 */
@Tag("requires-fdb")
class FdbKvStoreContractTest extends KvStoreContract {

  static final String CLUSTER_FILE_VARIABLE = "MVSQLITE_FDB_CLUSTER_FILE";

  /**
   * Long enough for a healthy cluster, short enough that a dead one fails the test instead of
   * hanging it.
   */
  private static final long TIMEOUT_MILLIS = 30_000;

  private static final String RUN_ID = UUID.randomUUID().toString();

  /** The cluster to test against, or why there is none: probed once per run. */
  private record Cluster(FdbKvConfig config, String skipReason) {

    static final Cluster PROBED = probe();

    private static Cluster probe() {
      String file = System.getenv(CLUSTER_FILE_VARIABLE);
      if (file == null || file.isBlank()) {
        return skip(CLUSTER_FILE_VARIABLE + " is not set: FoundationDB contract tests skipped");
      }
      Path clusterFile = Path.of(file);
      if (!Files.isReadable(clusterFile)) {
        return skip(
            CLUSTER_FILE_VARIABLE
                + "="
                + file
                + " is not a readable file: FoundationDB contract tests skipped");
      }
      FdbKvConfig probeConfig =
          FdbKvConfig.defaults().withClusterFile(clusterFile).withTransactionTimeoutMillis(5_000);
      try (FdbKvStore probe = FdbKvStore.open(probeConfig)) {
        TransactionRunner.defaults().withMaxAttempts(1).run(probe, tr -> tr.getReadVersion());
      } catch (KvException e) {
        return skip(
            "FoundationDB cluster "
                + file
                + " is not usable, contract tests skipped: "
                + e.getMessage());
      }
      return new Cluster(probeConfig.withTransactionTimeoutMillis(TIMEOUT_MILLIS), null);
    }

    private static Cluster skip(String reason) {
      return new Cluster(null, reason);
    }
  }

  private static FdbKvConfig config() {
    Cluster cluster = Cluster.PROBED;
    if (cluster.skipReason() != null) {
      abort(cluster.skipReason());
    }
    return cluster.config();
  }

  @Override
  protected KvStore openStore() {
    return FdbKvStore.open(config());
  }

  @Override
  protected KvStore reopenStore(KvStore old) {
    old.close();
    return FdbKvStore.open(config());
  }

  @Override
  protected boolean enforcesLimits() {
    return true;
  }

  @Override
  protected String prefixRoot() {
    return "mvsqlite-kv-contract/" + RUN_ID + "/";
  }
}

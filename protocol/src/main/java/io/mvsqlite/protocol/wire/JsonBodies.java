package io.mvsqlite.protocol.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.Version;

/** The JSON bodies of the data plane and the admin API, with the reference's field names. */
public final class JsonBodies {

  private JsonBodies() {}

  /** {@code GET /stat} response. {@code metadata} is always "" (reference compatibility). */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record StatResponse(
      @JsonProperty("version") Version version,
      @JsonProperty("metadata") String metadata,
      @JsonProperty("read_only") boolean readOnly,
      @JsonProperty("interval") int[] interval) {}

  /**
   * {@code POST /stat_group} request (mvSQLite extension): the namespaces to read at one snapshot.
   * {@code hashproof}, {@code from_version} and {@code lock_owner} may be null.
   */
  public record StatGroupRequest(
      @JsonProperty("namespaces") java.util.List<StatGroupEntry> namespaces) {}

  /** One namespace of {@link StatGroupRequest}. */
  public record StatGroupEntry(
      @JsonProperty("key") String key,
      @JsonProperty("hashproof") String hashproof,
      @JsonProperty("from_version") Version fromVersion,
      @JsonProperty("lock_owner") String lockOwner) {}

  /**
   * {@code POST /stat_group} response: one {@link StatResponse} per requested namespace, in request
   * order.
   */
  public record StatGroupResponse(@JsonProperty("stats") java.util.List<StatResponse> stats) {}

  public record TimePointBody(
      @JsonProperty("version") Version version, @JsonProperty("time") long time) {}

  /** {@code GET /time2version} response. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Time2VersionResponse(
      @JsonProperty("after") TimePointBody after,
      @JsonProperty("not_after") TimePointBody notAfter) {}

  /** {@code POST /nslock/acquire} request. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LockAcquireRequest(
      @JsonProperty("owner") String owner, @JsonProperty("version") Version version) {}

  /** {@code POST /nslock/release} request; mode is "commit" or "rollback". */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LockReleaseRequest(
      @JsonProperty("owner") String owner, @JsonProperty("mode") String mode) {}

  /** {@code POST /api/create_namespace} request. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CreateNamespaceRequest(
      @JsonProperty("key") String key,
      @JsonProperty("overlay_base") NamespaceMetadata.OverlayBase overlayBase) {}

  /** {@code POST /api/fork_namespace} request (mvSQLite extension). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ForkNamespaceRequest(
      @JsonProperty("base_key") String baseKey,
      @JsonProperty("version") Version version,
      @JsonProperty("new_key") String newKey) {}

  /** {@code POST /api/rename_namespace} request. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RenameNamespaceRequest(
      @JsonProperty("old_key") String oldKey, @JsonProperty("new_key") String newKey) {}

  /** Requests that name one namespace: delete, stat. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KeyRequest(@JsonProperty("key") String key) {}

  /** {@code POST /api/truncate_namespace} request. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TruncateRequest(
      @JsonProperty("key") String key,
      @JsonProperty("before_version") Version beforeVersion,
      @JsonProperty("apply") boolean apply) {}

  /** {@code POST /api/delete_unreferenced_content} request. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ContentGcRequest(
      @JsonProperty("key") String key, @JsonProperty("apply") boolean apply) {}

  /** {@code POST /api/stat_namespace} response. */
  public record StatNamespaceResponse(
      @JsonProperty("nskey") String nskey,
      @JsonProperty("nsid") Version nsid,
      @JsonProperty("metadata") NamespaceMetadata metadata) {}

  /** One line of {@code /api/list_namespace} (NDJSON). */
  public record ListEntry(
      @JsonProperty("nskey") String nskey, @JsonProperty("nsid") Version nsid) {}
}

package io.mvsqlite.store.gc;

/**
 * What a content GC pass did (or, for a dry run, would do).
 *
 * @param contentsDeleted contents deleted with their content-index entry and delta referrer (or
 *     that would be)
 * @param stagingsRemoved expired, unpublished stagings removed with their staged entries
 * @param leasesRemoved expired transaction leases removed
 * @param batchesSkipped delete batches given up after repeated conflicts with concurrent writers;
 *     their garbage is left for the next pass
 * @param exactReferences whether the reference set was exact; false when a Bloom filter had to
 *     stand in, which lets about 1 % of the garbage survive the pass
 */
public record ContentGcResult(
    long contentsDeleted,
    long stagingsRemoved,
    long leasesRemoved,
    long batchesSkipped,
    boolean exactReferences) {}

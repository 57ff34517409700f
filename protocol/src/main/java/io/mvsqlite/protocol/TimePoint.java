package io.mvsqlite.protocol;

/** A recorded point of the timekeeper: the namespace-independent version at a wall-clock second. */
public record TimePoint(Version version, long time) {}

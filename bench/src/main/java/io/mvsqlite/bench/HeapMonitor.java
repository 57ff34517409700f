package io.mvsqlite.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches this JVM's heap while it is open: the most heap ever in use (sampled), and the most heap
 * still in use right after a garbage collection — the live data, which is what a memory cap must
 * hold. Closing it stops the watching; the figures stay readable.
 *
 * <p>Thread-safe.
 */
public final class HeapMonitor implements AutoCloseable {

  /** What was observed. All in bytes. */
  public record Peaks(
      long maxHeapBytes, long peakUsedBytes, long peakLiveAfterGcBytes, long collections) {}

  private static final long SAMPLE_MILLIS = 20;

  private final Set<String> heapPools;
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong peakAfterYoungGc = new AtomicLong();
  private final AtomicLong peakAfterOldGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<Runnable> unsubscribe = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean open = true;

  HeapMonitor() {
    List<MemoryPoolMXBean> pools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    this.heapPools =
        pools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toUnmodifiableSet());
    NotificationListener listener = this::onNotification;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        unsubscribe.add(
            () -> {
              try {
                emitter.removeNotificationListener(listener);
              } catch (javax.management.ListenerNotFoundException e) {
                // Already gone: nothing to undo.
              }
            });
      }
    }
    this.sampler = Thread.ofPlatform().daemon(true).name("heap-monitor").start(this::sample);
  }

  private void sample() {
    while (open) {
      peakUsed.accumulateAndGet(
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
      java.util.concurrent.locks.LockSupport.parkNanos(SAMPLE_MILLIS * 1_000_000);
    }
  }

  private void onNotification(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long live = 0;
    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        live += e.getValue().getUsed();
      }
    }
    (isYoung(info.getGcName()) ? peakAfterYoungGc : peakAfterOldGc)
        .accumulateAndGet(live, Math::max);
    collections.incrementAndGet();
  }

  /**
   * The peaks so far. The peak in use is sampled every 20 ms, so a shorter spike may be missed. The
   * peak live data is the most heap in use right after an old-generation (concurrent, mixed or
   * full) collection, which reclaims old garbage too; when none ran, after a young collection (an
   * upper bound: old garbage still counts).
   */
  Peaks peaks() {
    long live = peakAfterOldGc.get() > 0 ? peakAfterOldGc.get() : peakAfterYoungGc.get();
    return new Peaks(Runtime.getRuntime().maxMemory(), peakUsed.get(), live, collections.get());
  }

  private static boolean isYoung(String collector) {
    return collector.contains("Young")
        || collector.contains("Scavenge")
        || collector.contains("Copy")
        || collector.contains("ParNew")
        || collector.contains("Minor");
  }

  @Override
  public void close() {
    open = false;
    unsubscribe.forEach(Runnable::run);
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

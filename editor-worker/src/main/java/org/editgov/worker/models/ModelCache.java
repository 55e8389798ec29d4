package org.editgov.worker.models;

import ai.djl.ndarray.NDManager;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.jboss.logging.Logger;

/**
 * Keeps each model's current version loaded between batches and answers. Users of a model hold a
 * read lock while they compute, so a model is never closed under a running batch or answer;
 * switching a model to another version takes the write lock.
 */
@ApplicationScoped
public class ModelCache {

    private static final Logger LOG = Logger.getLogger(ModelCache.class);

    private record Entry(String artifactSha256, NDManager manager, LoadedModel loaded) {
        void close() {
            loaded.close();
            manager.close();
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Runs {@code work} on the model's version with this artifact, loading it from {@code folder} if another is cached. */
    public <T> T use(String modelId, String artifactSha256, Path folder, Function<LoadedModel, T> work) {
        lock.readLock().lock();
        try {
            Entry entry = entries.get(modelId);
            if (entry != null && entry.artifactSha256().equals(artifactSha256)) {
                return work.apply(entry.loaded());
            }
        } finally {
            lock.readLock().unlock();
        }
        lock.writeLock().lock();
        Entry entry;
        try {
            entry = entries.get(modelId);
            if (entry == null || !entry.artifactSha256().equals(artifactSha256)) {
                if (entry != null) {
                    entry.close();
                    entries.remove(modelId);
                }
                long start = System.nanoTime();
                NDManager manager = NDManager.newBaseManager();
                try {
                    entry = new Entry(artifactSha256, manager, ModelDirectory.load(folder, manager));
                } catch (RuntimeException | Error e) {
                    manager.close();
                    throw e;
                }
                entries.put(modelId, entry);
                LOG.infof("model %s: loaded artifact %s in %.1f s", modelId, artifactSha256, (System.nanoTime() - start) / 1e9);
            }
            lock.readLock().lock();
        } finally {
            lock.writeLock().unlock();
        }
        try {
            return work.apply(entry.loaded());
        } finally {
            lock.readLock().unlock();
        }
    }

    @PreDestroy
    void closeAll() {
        lock.writeLock().lock();
        try {
            entries.values().forEach(Entry::close);
            entries.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }
}

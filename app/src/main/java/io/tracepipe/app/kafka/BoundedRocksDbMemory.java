package io.tracepipe.app.kafka;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the off-heap memory of all RocksDB stores of the process: one block cache shared by every
 * store (and every segment of the windowed stores), with the memtables counted against it. With
 * Kafka Streams' defaults each store instance and segment gets its own cache and memtables, so
 * off-heap use grows with tasks × stores × segments and can outgrow a container's limit.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** The Streams property carrying the budget in bytes. */
    public static final String MEMORY_BYTES = "tracepipe.rocksdb.memory.bytes";

    // Memtables may take half of the budget; index and filter blocks get a tenth, at high priority.
    private static final double MEMTABLE_SHARE = 0.5;
    private static final double INDEX_FILTER_RATIO = 0.1;
    private static final long MEMTABLE_BYTES = 16L * 1024 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    private static synchronized void init(long bytes) {
        if (cache == null) {
            cache = new LRUCache(bytes, -1, false, INDEX_FILTER_RATIO);
            writeBuffers = new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        init(Long.parseLong(String.valueOf(configs.get(MEMORY_BYTES))));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store: they live as long as the process
    }
}

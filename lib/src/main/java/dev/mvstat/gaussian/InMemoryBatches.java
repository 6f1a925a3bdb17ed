package dev.mvstat.gaussian;

import dev.mvstat.moments.ColumnMoments;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@link Batches} held in this JVM: rows split into parts as a partitioned dataset would be. */
public final class InMemoryBatches implements Batches {

    private final int d;
    private final List<ShuffledBlocks> parts;

    private InMemoryBatches(int d, List<ShuffledBlocks> parts) {
        this.d = d;
        this.parts = parts;
    }

    /**
     * @param rows       rows of equal length, at least one
     * @param groups     the group index of each row
     * @param groupCount the number of groups
     * @param partCount  the number of parts (as partitions of a distributed dataset)
     * @param seed       the shuffle seed, mixed with the part number as {@link ShuffledBlocks#partitionSeed}
     */
    public static InMemoryBatches of(List<double[]> rows, int[] groups, int groupCount, int partCount, long seed) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows");
        }
        int d = rows.get(0).length;
        List<ShuffledBlocks> parts = new ArrayList<>();
        int n = rows.size();
        for (int p = 0; p < partCount; p++) {
            int from = (int) ((long) p * n / partCount);
            int to = (int) ((long) (p + 1) * n / partCount);
            int[] partGroups = Arrays.copyOfRange(groups, from, to);
            parts.add(new ShuffledBlocks(
                    d, rows.subList(from, to), partGroups, groupCount, ShuffledBlocks.partitionSeed(seed, p)));
        }
        return new InMemoryBatches(d, parts);
    }

    /** Ungrouped rows in one part. */
    public static InMemoryBatches of(List<double[]> rows, long seed) {
        return of(rows, new int[rows.size()], 1, 1, seed);
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public ColumnMoments[] columnMoments() {
        return ColumnMoments.mergeAll(
                parts.stream().map(ShuffledBlocks::columnMoments).toList());
    }

    @Override
    public <T extends Serializable> List<T> map(PartFunction<T> function) {
        return parts.stream().map(function::apply).toList();
    }

    @Override
    public Likelihood[] likelihood(
            int blocks, int first, int span, CholeskyGaussian[] models, Standardization[] standardizations) {
        return Batches.sum(parts.stream()
                .map(part -> part.likelihood(blocks, first, span, models, standardizations))
                .toList());
    }
}

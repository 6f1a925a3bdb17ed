package dev.mvstat.jobs.bench;

import dev.mvstat.gaussian.Batches;
import dev.mvstat.gaussian.CholeskyGaussian;
import dev.mvstat.gaussian.Likelihood;
import dev.mvstat.gaussian.Standardization;
import dev.mvstat.moments.ColumnMoments;

import java.io.Serializable;
import java.util.List;

/** Batches that pass every call to other batches: a benchmark overrides the calls it watches. */
abstract class ForwardingBatches implements Batches {

    private final Batches inner;

    ForwardingBatches(Batches inner) {
        this.inner = inner;
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public ColumnMoments[] columnMoments() {
        return inner.columnMoments();
    }

    @Override
    public <T extends Serializable> List<T> map(PartFunction<T> function) {
        return inner.map(function);
    }

    @Override
    public Likelihood[] likelihood(
            int blocks, int first, int span, CholeskyGaussian[] models, Standardization[] standardizations) {
        return inner.likelihood(blocks, first, span, models, standardizations);
    }
}

package io.netdyn.spec;

import io.netdyn.io.weights.FileDigest;
import io.netdyn.io.weights.NdArray;
import io.netdyn.io.weights.NpzReader;
import io.netdyn.model.InputVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code --wormhole-inputs file:PATH.npz} (docs/measures/wormhole.md, "Inputs from a file"): the
 * array {@code X} of shape M×k, one input vector per row, k the width of every cell of the grid,
 * M ≥ pairs + 1. Every fault is a usage error naming the option.
 *
 * @param sha256 the file's digest, recorded in the manifest so that a changed file is another sweep
 */
record WormholeInputFile(InputVectors vectors, String sha256) {
    static final String OPTION = "wormhole-inputs";
    static final String ARRAY = "X";

    static WormholeInputFile read(Path file, List<Integer> widths, int pairs) {
        if (Files.isDirectory(file)) throw UsageError.forOption(OPTION, file + " is a directory, not an .npz file");
        Map<String, NdArray> arrays;
        String digest;
        try {
            arrays = NpzReader.read(file);
            digest = FileDigest.sha256(file);
        } catch (NoSuchFileException e) {
            throw UsageError.forOption(OPTION, "no such file: " + file);
        } catch (IOException e) {
            throw UsageError.forOption(OPTION, "cannot read " + file + ": " + UsageError.echo(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw UsageError.forOption(OPTION, file + ": " + e.getMessage());
        }
        NdArray x = arrays.get(ARRAY);
        if (x == null) {
            throw UsageError.forOption(OPTION, file + " has no array " + ARRAY + " (it has: " + String.join(", ", new TreeSet<>(arrays.keySet()))
                    + "); give the input vectors as " + ARRAY + ", one per row");
        }
        if (x.rank() != 2) throw UsageError.forOption(OPTION, ARRAY + " in " + file + " is " + x.shapeText() + ", not M×k (one vector per row)");
        int m = x.shape()[0], k = x.shape()[1];
        for (int w : widths) {
            if (w != k) {
                throw UsageError.forOption(OPTION, ARRAY + " in " + file + " holds vectors of length " + k + ", but the grid has width " + w
                        + " (the inputs of a width-k maxnorm network have k entries: use --widths " + k + ")");
            }
        }
        if (m < pairs + 1) {
            throw UsageError.forOption(OPTION, ARRAY + " in " + file + " has " + m + " rows; --wormhole-pairs " + pairs + " needs at least "
                    + (pairs + 1) + " (network b uses row b mod M and the next P rows)");
        }
        String stem = file.getFileName().toString().replaceFirst("(?i)\\.npz$", "");
        try {
            return new WormholeInputFile(new InputVectors("file:" + stem, m, k, x.data()), digest);
        } catch (IllegalArgumentException e) {
            throw UsageError.forOption(OPTION, ARRAY + " in " + file + ": " + e.getMessage());
        }
    }
}

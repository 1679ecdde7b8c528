package io.netdyn.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The compiled kernels: {@code /kernels/netdyn.fatbin} on the classpath (built by
 * {@code kernels/build-fatbin.sh} when nvcc was present, packed in the jar) and the
 * properties file saying how it was built.
 */
public final class KernelImage {
    static final String FATBIN = "/kernels/netdyn.fatbin";
    static final String PROPERTIES = "/kernels/netdyn.fatbin.properties";

    private KernelImage() {}

    /** Null when the fatbin is present, else why not. */
    public static String notBuiltReason() {
        return KernelImage.class.getResource(FATBIN) == null
                ? "kernels not built (nvcc was not on PATH when netdyn was built)" : null;
    }

    /** "nvcc 13.0: sm_80 sm_90 SASS + compute_90 PTX", or the reason they are not built. */
    public static String describe() {
        String why = notBuiltReason();
        if (why != null) return why;
        Properties p = properties();
        return "built by nvcc " + p.getProperty("nvcc", "?") + ": " + p.getProperty("sass", "?") + " SASS + "
                + p.getProperty("ptx", "?") + " PTX";
    }

    static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = KernelImage.class.getResourceAsStream(PROPERTIES)) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The fatbin's bytes (cuModuleLoadData's image). */
    static byte[] fatbin() {
        try (InputStream in = KernelImage.class.getResourceAsStream(FATBIN)) {
            if (in == null) throw new IllegalStateException(notBuiltReason());
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FATBIN, e);
        }
    }
}

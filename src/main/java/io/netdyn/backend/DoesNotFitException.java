package io.netdyn.backend;

/**
 * An operation cannot run one network of the requested shape on this backend's device (its
 * memory, or the kernels' 32-bit element indices). Raised by the preflight
 * ({@code *BytesPerNetwork}) before any work, so that the caller can refuse the whole run.
 */
public final class DoesNotFitException extends RuntimeException {
    public DoesNotFitException(String message) {
        super(message);
    }
}

package io.netdyn.backend;

/** A backend cannot be opened on this machine (no driver, no GPU, kernels not built); the message says why. */
public final class BackendUnavailableException extends RuntimeException {
    private final BackendKind kind;

    public BackendUnavailableException(BackendKind kind, String reason) {
        super(kind.label() + " is not usable: " + reason);
        this.kind = kind;
    }

    public BackendKind kind() { return kind; }
}

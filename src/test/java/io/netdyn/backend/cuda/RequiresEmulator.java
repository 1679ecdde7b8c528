package io.netdyn.backend.cuda;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(RequiresEmulator.class)}: the test class runs where the kernel emulator
 * is built, and is reported as skipped, with the reason, where it is not (no g++ at build time,
 * another OS) — never passed silently.
 */
final class RequiresEmulator implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String why = EmulatorDevice.unavailableReason();
        return why == null ? ConditionEvaluationResult.enabled("kernel emulator available")
                : ConditionEvaluationResult.disabled("kernel emulator unavailable: " + why);
    }
}

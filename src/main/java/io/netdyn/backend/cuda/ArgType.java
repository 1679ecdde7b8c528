package io.netdyn.backend.cuda;

/**
 * The type of one kernel parameter. The code is the character the emulator derives from the
 * C++ parameter type ({@code native/cuda_emu.h}, {@code arg_code}): lower case a value, upper
 * case a pointer to that type. {@link Kernel} declares every signature with these; the emulator
 * refuses a launch whose codes differ from the compiled function's, and a test checks every
 * {@link Kernel} against the emulator's registry, so a double kernel cannot receive a float.
 */
public enum ArgType {
    I32('i'), I64('l'), F32('f'), F64('d'),
    PTR_I32('I'), PTR_I64('L'), PTR_F32('F'), PTR_F64('D');

    private final char code;

    ArgType(char code) { this.code = code; }

    public char code() { return code; }

    public boolean isPointer() { return Character.isUpperCase(code); }

    /** The signature string of a parameter list, e.g. "DDil". */
    static String codes(ArgType[] types) {
        StringBuilder sb = new StringBuilder(types.length);
        for (ArgType t : types) sb.append(t.code);
        return sb.toString();
    }
}

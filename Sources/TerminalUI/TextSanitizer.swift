/// Text from course files, learner data, file names or arguments must never reach the
/// terminal raw: an ESC byte could move the cursor, change the title or worse, and a bidi
/// override (U+202E) can make text read backwards. This removes C0/C1 control characters,
/// whole escape sequences (CSI, OSC, DCS and the like), bidi embedding, override and
/// isolate controls, and line or paragraph separators (U+2028, U+2029).
public enum TextSanitizer {
    /// For one line on screen: tabs become spaces, line breaks go.
    public static func clean(_ text: String) -> String { sanitize(text, keepLineBreaks: false) }

    /// For printed output: tabs and line feeds are kept, everything else as `clean`.
    public static func cleanKeepingLines(_ text: String) -> String { sanitize(text, keepLineBreaks: true) }

    static func sanitize(_ text: String, keepLineBreaks: Bool) -> String {
        // Fast path: nothing to strip.
        if !text.unicodeScalars.contains(where: { isUnsafe($0) && !(keepLineBreaks && ($0 == "\n" || $0 == "\t")) }) {
            return text
        }
        var out = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let s = scalars.popFirst() {
            switch s.value {
            case 0x0A where keepLineBreaks:
                out.append(s)
            case 0x09:
                out.append(keepLineBreaks ? s : " ")
            case 0x1B:
                skipEscapeSequence(&scalars)
            case 0x9B:                        // C1 CSI
                skipCSI(&scalars)
            case 0x90, 0x9D, 0x9E, 0x9F, 0x98: // C1 DCS, OSC, PM, APC, SOS
                skipString(&scalars)
            case 0x2028, 0x2029:
                out.append(keepLineBreaks ? "\n" : " ")
            default:
                if !isUnsafe(s) { out.append(s) }
            }
        }
        return String(out)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (s.value >= 0x7F && s.value < 0xA0)
    }

    /// Controls, bidi embedding/override/isolate controls, and line/paragraph separators.
    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        isControl(s) || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
            || s.value == 0x2028 || s.value == 0x2029
    }

    private static func skipEscapeSequence(_ scalars: inout ArraySlice<Unicode.Scalar>) {
        guard let next = scalars.first else { return }
        switch next {
        case "[": scalars.removeFirst(); skipCSI(&scalars)
        case "]", "P", "^", "_", "X": scalars.removeFirst(); skipString(&scalars)
        default:
            // ESC followed by intermediates (0x20-0x2F) then one final byte.
            while let c = scalars.first, (0x20...0x2F).contains(c.value) { scalars.removeFirst() }
            if let c = scalars.first, (0x30...0x7E).contains(c.value) { scalars.removeFirst() }
        }
    }

    /// CSI: parameter and intermediate bytes, then a final byte in 0x40-0x7E.
    private static func skipCSI(_ scalars: inout ArraySlice<Unicode.Scalar>) {
        while let c = scalars.popFirst() {
            if (0x40...0x7E).contains(c.value) { return }
            if !(0x20...0x3F).contains(c.value) { return }
        }
    }

    /// OSC/DCS/...: up to BEL or ST (ESC \ or 0x9C).
    private static func skipString(_ scalars: inout ArraySlice<Unicode.Scalar>) {
        while let c = scalars.popFirst() {
            if c.value == 0x07 || c.value == 0x9C { return }
            if c.value == 0x1B {
                if scalars.first == "\\" { scalars.removeFirst() }
                return
            }
        }
    }
}

/// How many terminal columns text takes. Terminals follow wcwidth(3): combining marks
/// and format characters take 0 columns, East Asian wide and fullwidth characters and
/// emoji take 2, everything else 1. glibc's wcwidth is not visible from Swift and would
/// tie this module to the C library, so the rule is written out here.
public enum DisplayWidth {
    /// Columns one grapheme cluster takes: its base scalar decides (the first that takes
    /// any room), and an emoji presentation selector (U+FE0F) widens it to 2.
    public static func of(_ character: Character) -> Int {
        var scalars = character.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return 0 }
        var base = of(first)
        // A cluster led by a prepended sign (the Arabic number sign U+0600 before digits)
        // takes its width from what follows it, or the whole cluster would vanish.
        if base == 0 {
            while let next = scalars.next() {
                let width = of(next)
                if width > 0 { base = width; break }
            }
        }
        if base == 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return base
    }

    public static func of(_ text: String) -> Int {
        // Most text is made of scalars that are each a grapheme cluster of their own: then
        // the width is a sum over scalars, with no grapheme breaking (a tenth of a frame).
        var total = 0
        for scalar in text.unicodeScalars {
            guard standsAlone(scalar) else { return ofClusters(text) }
            total += of(scalar)
        }
        return total
    }

    private static func ofClusters(_ text: String) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// Whether `scalar` is always a grapheme cluster by itself and its width is its
    /// cluster's: Latin below the combining marks, general punctuation (dashes, curly
    /// quotes, ellipsis, bullets), Arabic letters and digits, box drawing and blocks, CJK ideographs.
    /// A combining mark, joiner, selector, modifier or anything else leaves this path, so
    /// text with one is measured cluster by cluster.
    static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x300 { return true }
        if v < 0x2010 {   // Arabic letters and digits (Urdu's and Persian's too), not its marks
            return (0x0621...0x064A).contains(v) || (0x0660...0x066F).contains(v) || (0x0671...0x06D5).contains(v)
                || (0x06EE...0x06FF).contains(v)
        }
        return (0x2010...0x2027).contains(v) || (0x2030...0x205E).contains(v) || (0x2500...0x259F).contains(v)
            || (0x4E00...0x9FFF).contains(v)
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }   // controls are never drawn
        if v < 0x300 { return 1 }                               // fast path: Latin
        if v < 0x370 { return 0 }                               // combining diacritical marks
        if v >= 0x2500 && v < 0x25A0 { return 1 }               // box drawing and block elements (bars, frames)
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v >= 0x1160 && v <= 0x11FF { return 0 }              // Hangul medial vowels, final consonants
        if v == 0x200B { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// Binary search over the sorted ranges: this runs for every non-Latin character drawn
    /// (box and block characters included), so a linear scan showed up in every frame.
    private static func isWide(_ v: UInt32) -> Bool {
        guard v >= 0x1100 else { return false }
        return wideStarts.withUnsafeBufferPointer { starts in
            wideEnds.withUnsafeBufferPointer { ends in
                var lo = 0, hi = starts.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if v < starts[mid] { hi = mid } else if v > ends[mid] { lo = mid + 1 } else { return true }
                }
                return false
            }
        }
    }

    private static let wideStarts: [UInt32] = wideRanges.map(\.lowerBound)
    private static let wideEnds: [UInt32] = wideRanges.map(\.upperBound)

    /// East Asian Wide (W) and Fullwidth (F) blocks and emoji with default emoji presentation.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F251, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
        0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0,
        0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC,
        0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
        0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5,
        0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6EB...0x1F6EC,
        0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A, 0x1F93C...0x1F945,
        0x1F947...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}

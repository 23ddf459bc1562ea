/// Spaces and tabs as Foundation's `CharacterSet.whitespaces` has them: Unicode's space
/// separators (Zs), U+0009 and, as an older Unicode had it, the zero-width space U+200B
/// (the same 19 scalars; a test compares all of Unicode). Checked scalar by scalar:
/// building that character set is about 0.2 ms the first time, which a command that
/// checks one name or reads 21 numbers should not pay at its start.
extension Unicode.Scalar {
    public var isHorizontalSpace: Bool {
        value == 0x09 || value == 0x200B || properties.generalCategory == .spaceSeparator
    }
}

extension StringProtocol {
    /// Whether the text is empty or only spaces and tabs.
    public var isBlank: Bool { unicodeScalars.allSatisfy(\.isHorizontalSpace) }

    /// The text without leading and trailing spaces and tabs, as
    /// `trimmingCharacters(in: .whitespaces)` gives it.
    public var trimmedOfHorizontalSpace: String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isHorizontalSpace }),
              let last = scalars.lastIndex(where: { !$0.isHorizontalSpace }) else { return "" }
        return String(scalars[first...last])
    }
}

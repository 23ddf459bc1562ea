/// Trimming and columns in the Character view: for the files read as Strings (front
/// matter, the course file, presets, question banks), and the reference the byte-level
/// answers of `LineBytes` must agree with.
extension StringProtocol {
    func trimmingTrailingSpaces() -> SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return self[startIndex..<end]
    }
    func trimmingSpaces() -> SubSequence {
        let start = firstIndex(where: { $0 != " " && $0 != "\t" }) ?? endIndex
        return self[start...].trimmingTrailingSpaces()
    }
}

/// 1-based column of a substring's start within its line (counted in characters).
func column(of part: Substring, in line: Substring) -> Int {
    line.distance(from: line.startIndex, to: part.startIndex) + 1
}

/// An element by index, or nil past either end: for an index kept in screen state (a
/// cursor, a question number) that may outlive the list it points into.
extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

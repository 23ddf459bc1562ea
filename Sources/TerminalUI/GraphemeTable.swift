#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rare screen cells whose grapheme cluster is more than one Unicode scalar (a letter
/// with combining marks, an emoji sequence) keep it here, and the cell holds its number.
/// Every other cell holds its scalar inline, so a `Cell` is a few plain bytes: filling and
/// copying a frame of 12,000 cells copies memory, where a `String` per cell cost a retain
/// and a release on every copy (a third of a frame's time in `perf`).
///
/// Process-wide and locked, because cells move between buffers (and threads) freely; it
/// only grows, by the distinct clusters ever drawn, and past `capacity` a new cluster is
/// drawn as U+FFFD instead of growing further.
final class GraphemeTable: @unchecked Sendable {
    static let shared = GraphemeTable()
    static let capacity = 1 << 20

    private var clusters: [String] = []
    private var numbers: [String: UInt32] = [:]
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    private init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    /// The number of `cluster`, given one the first time it is seen; nil when the table is full.
    func number(of cluster: String) -> UInt32? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let known = numbers[cluster] { return known }
        guard clusters.count < Self.capacity else { return nil }
        let number = UInt32(clusters.count)
        clusters.append(cluster)
        numbers[cluster] = number
        return number
    }

    func cluster(_ number: UInt32) -> String {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return Int(number) < clusters.count ? clusters[Int(number)] : "\u{FFFD}"
    }
}

import Foundation

/// Reads a write-ahead log left by a primer that stopped without closing, before SQLite
/// recovers it. SQLite replays the log's frames in order and stops silently at the first
/// frame that fails its checksum: every committed transaction after that point (each an
/// answer primer acknowledged) would be dropped without a word. This finds them first.
///
/// The format (sqlite.org/fileformat.html, "The WAL file"): a 32-byte header (magic,
/// version, page size, checkpoint sequence, two salts, a checksum), then frames of a
/// 24-byte header (page number, database size after commit or 0, the salts, a running
/// checksum) and one page each.
struct WALInspection: Equatable {
    var size: Int
    var headerValid: Bool
    var pageSize: Int
    /// The log's salts: they change each time the log restarts from its beginning.
    var salt1: UInt32 = 0
    var salt2: UInt32 = 0
    /// Frames SQLite will replay: the valid prefix.
    var validFrames: Int
    /// Frames after the first bad one that carry the log's current salts (they belong to
    /// this log, not to an older one being overwritten) and so were written to be read.
    var framesAfterDamage: Int
    /// Commit frames among those: transactions that would be lost.
    var commitsAfterDamage: Int

    /// What is wrong, in words, or nil for a log SQLite can replay whole.
    var problem: String? {
        if size > 0 && size < 32 { return "it is \(size) bytes long, too short for its own header" }
        if size >= 32 && !headerValid { return "its header is damaged, so none of the \(size) bytes in it can be read" }
        if commitsAfterDamage > 0 {
            return "a damaged frame would make SQLite drop the \(commitsAfterDamage) transaction\(commitsAfterDamage == 1 ? "" : "s") "
                + "written after it (\(framesAfterDamage) frames): that is up to \(commitsAfterDamage) saved answer\(commitsAfterDamage == 1 ? "" : "s")"
        }
        return nil
    }

    static func inspect(_ url: URL) throws -> WALInspection? {
        guard FileSystem.exists(url) else { return nil }
        let data: [UInt8]
        do { data = [UInt8](try Data(contentsOf: url)) } catch {
            throw StoreError.notReadable(path: url, detail: error.localizedDescription)
        }
        return inspect(bytes: data)
    }

    static func inspect(bytes data: [UInt8]) -> WALInspection {
        var report = WALInspection(size: data.count, headerValid: false, pageSize: 0, salt1: 0, salt2: 0, validFrames: 0,
                                   framesAfterDamage: 0, commitsAfterDamage: 0)
        guard data.count >= 32 else { return report }
        let magic = word(data, 0)
        guard magic == 0x377F_0682 || magic == 0x377F_0683 else { return report }
        let bigEndian = magic & 1 == 1
        let pageSize = Int(word(data, 8)) == 1 ? 65536 : Int(word(data, 8))
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else { return report }
        var sums = checksum(data, 0..<24, bigEndian: bigEndian, start: (0, 0))
        guard sums == (word(data, 24), word(data, 28)) else { return report }
        report.headerValid = true
        report.pageSize = pageSize
        let salts = (word(data, 16), word(data, 20))
        (report.salt1, report.salt2) = salts
        let frameSize = 24 + pageSize
        var offset = 32
        var damaged = false
        while offset + frameSize <= data.count {
            let frameSalts = (word(data, offset + 8), word(data, offset + 12))
            let isCommit = word(data, offset + 4) != 0
            if !damaged {
                let next = checksum(data, offset + 24..<offset + frameSize, bigEndian: bigEndian,
                                    start: checksum(data, offset..<offset + 8, bigEndian: bigEndian, start: sums))
                if frameSalts == salts && next == (word(data, offset + 16), word(data, offset + 20)) {
                    report.validFrames += 1
                    sums = next
                    offset += frameSize
                    continue
                }
                damaged = true
            }
            if frameSalts == salts {
                report.framesAfterDamage += 1
                if isCommit { report.commitsAfterDamage += 1 }
            }
            offset += frameSize
        }
        return report
    }

    static func word(_ data: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(data[offset]) << 24 | UInt32(data[offset + 1]) << 16 | UInt32(data[offset + 2]) << 8 | UInt32(data[offset + 3])
    }

    /// SQLite's WAL checksum over `range` (a multiple of 8 bytes), continuing from `start`.
    static func checksum(_ data: [UInt8], _ range: Range<Int>, bigEndian: Bool, start: (UInt32, UInt32)) -> (UInt32, UInt32) {
        var (s0, s1) = start
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            let x0 = bigEndian ? word(data, i) : littleEndian(data, i)
            let x1 = bigEndian ? word(data, i + 4) : littleEndian(data, i + 4)
            s0 = s0 &+ x0 &+ s1
            s1 = s1 &+ x1 &+ s0
            i += 8
        }
        return (s0, s1)
    }

    private static func littleEndian(_ data: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(data[offset]) | UInt32(data[offset + 1]) << 8 | UInt32(data[offset + 2]) << 16 | UInt32(data[offset + 3]) << 24
    }
}

import Foundation

/// Numbers distinct byte strings (within a group) 0, 1, 2… without making a `String` of each:
/// a pass over a million log rows looks up their question ids and option texts straight
/// from SQLite's buffers, and only the few distinct ones are ever copied.
///
/// Open addressing on a hash that takes eight bytes a step (a byte at a time was a tenth
/// of a class report's time); the table doubles at half full.
struct ByteInterner {
    private var bytes: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var groups: [Int] = []
    private var hashes: [UInt64] = []
    /// Slot → entry number + 1 (0: empty).
    private var table = [Int](repeating: 0, count: 1024)

    var count: Int { starts.count }

    /// The number of `text` in `group` (the same text in two groups gets two numbers).
    mutating func intern(_ text: UnsafeRawBufferPointer, group: Int = 0) -> Int {
        let hash = Self.hash(text, seed: UInt64(truncatingIfNeeded: group))
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = table[slot] - 1
            if entry < 0 { break }
            if hashes[entry] == hash, groups[entry] == group, equals(entry, text) { return entry }
            slot = (slot + 1) & mask
        }
        let entry = starts.count
        starts.append(bytes.count)
        lengths.append(text.count)
        groups.append(group)
        hashes.append(hash)
        bytes.append(contentsOf: text)
        table[slot] = entry + 1
        if starts.count * 2 > table.count { grow() }
        return entry
    }

    /// A multiply-and-fold hash over 8-byte words (not for untrusted keys' worst cases: a
    /// bad spread only slows the pass, it never changes a number).
    static func hash(_ text: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ seed ^ UInt64(text.count)
        var offset = 0
        func mix(_ word: UInt64) {
            let product = (hash ^ word).multipliedFullWidth(by: 0xBF58_476D_1CE4_E5B9)
            hash = product.high ^ product.low
        }
        while offset + 8 <= text.count {
            mix(text.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < text.count {
            var tail: UInt64 = 0
            for (shift, byte) in text[offset...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
            mix(tail)
        }
        return hash ^ (hash >> 29)
    }

    /// The text of entry `number`.
    func string(_ number: Int) -> String {
        String(decoding: bytes[starts[number] ..< starts[number] + lengths[number]], as: UTF8.self)
    }

    func group(_ number: Int) -> Int { groups[number] }

    private func equals(_ entry: Int, _ text: UnsafeRawBufferPointer) -> Bool {
        guard lengths[entry] == text.count else { return false }
        let start = starts[entry]
        return bytes.withUnsafeBytes { stored in
            text.count == 0 || memcmp(stored.baseAddress! + start, text.baseAddress!, text.count) == 0
        }
    }

    private mutating func grow() {
        table = [Int](repeating: 0, count: table.count * 2)
        let mask = table.count - 1
        for entry in starts.indices {
            var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = entry + 1
        }
    }
}

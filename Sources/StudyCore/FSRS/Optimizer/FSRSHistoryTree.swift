/// Items' histories merged where they begin alike: a prefix tree whose nodes are reviews.
///
/// Every training item replays its question's answers from the first (fsrs-rs trains on
/// prefixes), and many items begin the same way: the same first rating, the same next
/// interval (the scheduler gave it), the same rating again. The memory state after a
/// review depends only on the reviews before it, so a prefix shared by many items needs
/// computing once per set of weights. On the benchmark's learner a batch's items hold
/// about 3.7 times as many history reviews as the tree has nodes.
///
/// The forward pass visits nodes in index order (a parent always comes before its
/// children) and gives each node exactly the values replaying any of its items would:
/// the same operations on the same inputs. The reverse pass (`FSRSTrainingBatch`) visits
/// them backwards, adding each node's derivatives into its parent's, which is the
/// per-item reverse pass summed in another order.
struct FSRSHistoryTree {
    /// Node i's parent, −1 for a first review.
    private(set) var parents: [Int32] = []
    private(set) var ratings: [Int] = []
    /// Days since the parent's review, as `FSRSTrainingModel.step` takes them.
    private(set) var deltaTs: [Double] = []
    /// Item k's last history review; −1 for an empty history.
    private(set) var itemNodes: [Int32] = []

    var nodeCount: Int { parents.count }

    private init() {}

    /// The histories of `items[i]` for each i of `indices`, in that order. A first
    /// review's state depends on its rating alone (its `deltaT` is ignored), so first
    /// reviews are merged by rating; later ones by rating and `deltaT`.
    init<C: Collection>(items: [FSRSTrainingItem], indices: C) where C.Element == Int {
        let steps = indices.reduce(0) { $0 + items[$1].reviewCount - 1 }
        parents.reserveCapacity(steps)
        ratings.reserveCapacity(steps)
        deltaTs.reserveCapacity(steps)
        itemNodes.reserveCapacity(indices.count)
        var children = EdgeTable(capacity: steps / 3)
        for index in indices {
            items[index].reviewSlice.withUnsafeBufferPointer { reviews in
                var node: Int32 = -1
                for review in reviews.dropLast() {
                    let rating = review.rating.rawValue
                    let key = Self.edgeKey(parent: node, rating: rating, deltaT: node < 0 ? 0 : review.deltaT)
                    if let key, let child = children.value(for: key) {
                        node = child
                        continue
                    }
                    let child = Int32(parents.count)
                    parents.append(node)
                    ratings.append(rating)
                    deltaTs.append(Double(review.deltaT))
                    if let key { children.insert(key, child) }
                    node = child
                }
                itemNodes.append(node)
            }
        }
    }

    /// The parent, rating and interval packed into one integer, or nil when they do not
    /// fit (such a review simply gets a node of its own: nothing is shared, nothing lost).
    private static func edgeKey(parent: Int32, rating: Int, deltaT: Int) -> UInt64? {
        guard (1...4).contains(rating), deltaT >= 0, deltaT < 1 << 36, parent < (1 << 24) else { return nil }
        return UInt64(parent + 1) << 38 | UInt64(rating - 1) << 36 | UInt64(deltaT)
    }

    /// The same tree with its nodes in `order` (old indices, each once; a parent before
    /// its children).
    func renumbered(_ order: [Int]) -> FSRSHistoryTree {
        var newIndex = [Int32](repeating: -1, count: nodeCount)
        for (position, node) in order.enumerated() { newIndex[node] = Int32(position) }
        var tree = FSRSHistoryTree()
        tree.parents = order.map { parents[$0] < 0 ? -1 : newIndex[Int(parents[$0])] }
        tree.ratings = order.map { ratings[$0] }
        tree.deltaTs = order.map { deltaTs[$0] }
        tree.itemNodes = itemNodes.map { $0 < 0 ? -1 : newIndex[Int($0)] }
        return tree
    }

    /// Every node's memory state (S, D) after its review, clamped as `step` returns it.
    func states(_ model: FSRSTrainingModel) -> (s: [Double], d: [Double]) {
        var s = [Double](repeating: 0, count: nodeCount), d = s
        var cache = FSRSTrainingModel.StepCache()
        for node in 0..<nodeCount {
            let parent = Int(parents[node])
            let before = parent < 0 ? (s: 0.0, d: 0.0) : (s: s[parent], d: d[parent])
            (s[node], d[node]) = model.step(s: before.s, d: before.d, t: deltaTs[node], rating: ratings[node],
                                            first: parent < 0, cache: &cache)
        }
        return (s, d)
    }
}

/// Child nodes by packed edge key: open addressing with linear probing and a
/// multiplicative hash, doubling when half full. With Swift's `Dictionary` (SipHash)
/// building the trees took about twice as long (`perf` on `primer optimize`). A tree has
/// about a third as many nodes as its items have history steps, so a table starts with
/// room for a third of the steps: sized for every step, the tables cost `primer optimize`
/// some 370 more page faults (3,380 against 3,010); started small (512) and doubled as
/// they filled, making the batches took about 0.3 ms longer.
private struct EdgeTable {
    /// Key + 1 in each slot, 0 for an empty one (keys are below 2^63).
    private var slots: [UInt64]
    private var values: [Int32]
    private var shift: UInt64
    private var count = 0

    /// Room for `capacity` keys before the first doubling (at most half full).
    init(capacity: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < 2 * max(capacity, 1) { bits += 1 }
        slots = [UInt64](repeating: 0, count: 1 << bits)
        values = [Int32](repeating: 0, count: 1 << bits)
        shift = 64 - bits
    }

    func value(for key: UInt64) -> Int32? {
        var slot = firstSlot(key)
        while slots[slot] != 0 {
            if slots[slot] == key + 1 { return values[slot] }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Adds a key not yet in the table (the tree looks each one up first).
    mutating func insert(_ key: UInt64, _ value: Int32) {
        if 2 * (count + 1) > slots.count { grow() }
        place(key + 1, value)
        count += 1
    }

    private mutating func place(_ stored: UInt64, _ value: Int32) {
        var slot = firstSlot(stored - 1)
        while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = stored
        values[slot] = value
    }

    private mutating func grow() {
        let (oldSlots, oldValues) = (slots, values)
        slots = [UInt64](repeating: 0, count: 2 * oldSlots.count)
        values = [Int32](repeating: 0, count: 2 * oldSlots.count)
        shift -= 1
        for (stored, value) in zip(oldSlots, oldValues) where stored != 0 { place(stored, value) }
    }

    private func firstSlot(_ key: UInt64) -> Int { Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift) }
}

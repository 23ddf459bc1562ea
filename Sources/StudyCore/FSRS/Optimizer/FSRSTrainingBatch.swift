/// A batch of training items as the gradient loop walks them: their histories merged into
/// one prefix tree (`FSRSHistoryTree`), so that a review several items share is stepped
/// through once forward and once back, and the tree cut in three for two threads
/// (`FSRSTwinThreads`): a few *shared* nodes at the top, and below them whole subtrees
/// dealt into two parts of about equal work (`FSRSTreeSplit`).
///
/// Nodes are numbered shared first, then part 0, then part 1, each in tree order, so a
/// node's parent is always earlier and each part is one range. A part's reverse pass adds
/// what flows into shared nodes to its own copy of their derivatives; the shared nodes are
/// finished after both parts, adding the copies in a fixed order. So the gradient is the
/// same whether the parts ran side by side or one after the other, to the last bit.
struct FSRSTrainingBatch {
    let tree: FSRSHistoryTree
    /// Nodes 0..<sharedNodes are shared; `partNodes[p]` are part p's.
    let sharedNodes: Int
    let partNodes: [Range<Int>]
    /// Items by where their last history review is: a shared node (index 0), part 0
    /// (index 1) or part 1 (index 2).
    let itemGroups: [ItemGroup]
    let count: Int

    /// The batch of `items[i]` for each i of `indices`, each item's loss weighted by
    /// `weights[i]`.
    init<C: Collection>(items: [FSRSTrainingItem], weights: [Double], indices: C) where C.Element == Int {
        let indices = Array(indices)
        let built = FSRSHistoryTree(items: items, indices: indices)
        let group = FSRSTreeSplit.groups(of: built)
        var order: [Int] = []
        order.reserveCapacity(built.nodeCount)
        var bounds = [0]
        for g in UInt8(0)..<3 {
            for node in 0..<built.nodeCount where group[node] == g { order.append(node) }
            bounds.append(order.count)
        }
        tree = built.renumbered(order)
        sharedNodes = bounds[1]
        partNodes = [bounds[1]..<bounds[2], bounds[2]..<bounds[3]]
        var groups = [ItemGroup](repeating: ItemGroup(), count: 3)
        for (position, index) in indices.enumerated() {
            let node = Int(tree.itemNodes[position])
            let g = node < 0 ? 0 : node < bounds[1] ? 0 : node < bounds[2] ? 1 : 2
            groups[g].append(node: node, item: items[index], weight: weights[index])
        }
        itemGroups = groups
        count = indices.count
    }

    /// Items to learn from: their last history node, the target's interval, the label
    /// (1 recalled, 0 forgotten) and the loss weight.
    struct ItemGroup {
        private(set) var nodes: [Int32] = []
        private(set) var targetDeltaTs: [Double] = []
        private(set) var labels: [Double] = []
        private(set) var weights: [Double] = []

        var count: Int { nodes.count }

        mutating func append(node: Int, item: FSRSTrainingItem, weight: Double) {
            nodes.append(Int32(node))
            targetDeltaTs.append(Double(item.target.deltaT))
            labels.append(item.recalled ? 1 : 0)
            weights.append(weight)
        }
    }

    /// A node's forward values and the derivatives flowing back into it.
    struct NodeScratch {
        var cache = FSRSTrainingModel.StepCache()
        var s = 0.0, d = 0.0
        var gS = 0.0, gD = 0.0
    }

    /// Derivatives flowing into a shared node from one part.
    struct SharedAdjoint {
        var gS = 0.0, gD = 0.0
    }

    /// Adds d(Σ weight · BCE) / dw over the whole batch into `gw` (21 slots), both parts
    /// on this thread: what the training loop computes, for tests.
    func accumulateGradient(_ model: FSRSTrainingModel, into gw: UnsafeMutablePointer<Double>) {
        let scratch = UnsafeMutablePointer<NodeScratch>.allocate(capacity: max(1, tree.nodeCount))
        scratch.initialize(repeating: .init(), count: max(1, tree.nodeCount))
        let adjoints = UnsafeMutablePointer<SharedAdjoint>.allocate(capacity: max(1, 2 * sharedNodes))
        adjoints.initialize(repeating: .init(), count: max(1, 2 * sharedNodes))
        let parts = UnsafeMutablePointer<Double>.allocate(capacity: 63)
        parts.initialize(repeating: 0, count: 63)
        defer { scratch.deallocate(); adjoints.deallocate(); parts.deallocate() }
        forwardShared(model, scratch: scratch)
        for part in 0..<2 {
            runPart(part, model, into: parts + 21 * part, scratch: scratch, sharedAdjoints: adjoints + sharedNodes * part)
        }
        finishShared(model, into: parts + 42, scratch: scratch, sharedAdjoints: adjoints)
        for j in 0..<21 { gw[j] += parts[j] + parts[21 + j] + parts[42 + j] }
    }

    /// Step 1 (this thread): the shared nodes' forward values.
    func forwardShared(_ model: FSRSTrainingModel, scratch: UnsafeMutablePointer<NodeScratch>) {
        forward(0..<sharedNodes, model, scratch)
    }

    /// Step 2 (one thread per part): part `part`'s forward values, its items' losses, and
    /// its reverse pass, into `gw` (21 slots) and, for shared parents, `sharedAdjoints`
    /// (`sharedNodes` slots, this part's own).
    func runPart(_ part: Int, _ model: FSRSTrainingModel, into gw: UnsafeMutablePointer<Double>,
                 scratch: UnsafeMutablePointer<NodeScratch>, sharedAdjoints: UnsafeMutablePointer<SharedAdjoint>) {
        let nodes = partNodes[part]
        for shared in 0..<sharedNodes { sharedAdjoints[shared] = SharedAdjoint() }
        forward(nodes, model, scratch)
        addTargetGradients(itemGroups[part + 1], model, gw, scratch)
        tree.parents.withUnsafeBufferPointer { parents in
            for node in nodes.reversed() {
                let gS = scratch[node].gS, gD = scratch[node].gD
                // Nothing flows back through here (as an item whose loss gradient is 0 is
                // skipped whole when replayed alone).
                if gS == 0 && gD == 0 { continue }
                let back = model.stepBackward(scratch[node].cache, gS: gS, gD: gD, gw)
                let parent = Int(parents[node])
                if parent >= nodes.lowerBound {
                    scratch[parent].gS += back.gS
                    scratch[parent].gD += back.gD
                } else if parent >= 0 {
                    sharedAdjoints[parent].gS += back.gS
                    sharedAdjoints[parent].gD += back.gD
                }
            }
        }
    }

    /// Step 3 (this thread, after both parts): the shared items' losses, both parts'
    /// derivatives added into the shared nodes (part 0's, then part 1's), and their
    /// reverse pass, into `gw` (21 slots). `sharedAdjoints` holds both parts' copies.
    func finishShared(_ model: FSRSTrainingModel, into gw: UnsafeMutablePointer<Double>,
                      scratch: UnsafeMutablePointer<NodeScratch>, sharedAdjoints: UnsafeMutablePointer<SharedAdjoint>) {
        addTargetGradients(itemGroups[0], model, gw, scratch)
        for node in 0..<sharedNodes {
            scratch[node].gS = scratch[node].gS + sharedAdjoints[node].gS + sharedAdjoints[sharedNodes + node].gS
            scratch[node].gD = scratch[node].gD + sharedAdjoints[node].gD + sharedAdjoints[sharedNodes + node].gD
        }
        tree.parents.withUnsafeBufferPointer { parents in
            for node in stride(from: sharedNodes - 1, through: 0, by: -1) {
                let gS = scratch[node].gS, gD = scratch[node].gD
                if gS == 0 && gD == 0 { continue }
                let back = model.stepBackward(scratch[node].cache, gS: gS, gD: gD, gw)
                let parent = Int(parents[node])
                if parent >= 0 {
                    scratch[parent].gS += back.gS
                    scratch[parent].gD += back.gD
                }
            }
        }
    }

    /// Forward values of `nodes` (their parents' already computed), derivatives zeroed.
    private func forward(_ nodes: Range<Int>, _ model: FSRSTrainingModel, _ scratch: UnsafeMutablePointer<NodeScratch>) {
        tree.parents.withUnsafeBufferPointer { parents in
            tree.ratings.withUnsafeBufferPointer { ratings in
                tree.deltaTs.withUnsafeBufferPointer { deltaTs in
                    for node in nodes {
                        let parent = Int(parents[node])
                        let first = parent < 0
                        let (s, d) = model.step(s: first ? 0 : scratch[parent].s, d: first ? 0 : scratch[parent].d,
                                                t: deltaTs[node], rating: ratings[node], first: first,
                                                cache: &scratch[node].cache)
                        scratch[node].s = s
                        scratch[node].d = d
                        scratch[node].gS = 0
                        scratch[node].gD = 0
                    }
                }
            }
        }
    }

    /// fsrs-rs clamps predictions into [1e−7, 1 − 1e−7] inside the loss (f32 there).
    private static let probabilityRange = 1e-7...(1 - 1e-7)

    /// Each item's prediction at its target; d(weight · BCE)/dR (zero where the clamp is
    /// active) taken back through the curve into w20 and its last node's S.
    private func addTargetGradients(_ items: ItemGroup, _ model: FSRSTrainingModel, _ gw: UnsafeMutablePointer<Double>,
                                    _ scratch: UnsafeMutablePointer<NodeScratch>) {
        for item in 0..<items.count {
            let node = Int(items.nodes[item])
            let s = node < 0 ? 0 : scratch[node].s
            let t = max(items.targetDeltaTs[item], 0)
            let (r, base, lnBase) = model.curve(t: t, s: s)
            guard r > Self.probabilityRange.lowerBound && r < Self.probabilityRange.upperBound else { continue }
            let y = items.labels[item]
            let gR = -items.weights[item] * (y / r - (1 - y) / (1 - r))
            if gR == 0 { continue }
            let gS = model.curveBackward(t: t, s: s, base: base, lnBase: lnBase, r: r, gR: gR, gw)
            if node >= 0 { scratch[node].gS += gS }
        }
    }
}

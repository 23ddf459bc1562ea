/// Cuts a history tree for two threads: which nodes are shared (group 0: computed before
/// and finished after the parts) and which part each other node is in (group 1 or 2).
///
/// Whole subtrees go to a part, so a part never needs the other's values. A subtree's
/// work is its nodes and the items ending in it (each costs about a node: the short
/// batches are mostly items). Starting from the tree's roots (first reviews), a subtree
/// holding more than half of the work not yet shared is opened up: its top node becomes
/// shared and its children's subtrees take its place. The subtrees left are then dealt
/// largest first, each to the part with less work so far (part 1 on a tie; equal work in
/// tree order). Only the tree decides the cut, never timing, so the gradient never
/// depends on the machine.
enum FSRSTreeSplit {
    static func groups(of tree: FSRSHistoryTree) -> [UInt8] {
        let n = tree.nodeCount
        var work = [Int](repeating: 1, count: n)
        for node in tree.itemNodes where node >= 0 { work[Int(node)] += 1 }
        for node in stride(from: n - 1, through: 0, by: -1) where tree.parents[node] >= 0 {
            work[Int(tree.parents[node])] += work[node]
        }
        // Children in tree order, by counting (no array per node).
        var childStart = [Int](repeating: 0, count: n + 1)
        for node in 0..<n where tree.parents[node] >= 0 { childStart[Int(tree.parents[node]) + 1] += 1 }
        for node in 0..<n { childStart[node + 1] += childStart[node] }
        var children = [Int](repeating: 0, count: childStart[n])
        var filled = childStart
        for node in 0..<n where tree.parents[node] >= 0 {
            let parent = Int(tree.parents[node])
            children[filled[parent]] = node
            filled[parent] += 1
        }

        let unassigned: UInt8 = 255
        var group = [UInt8](repeating: unassigned, count: n)
        var subtrees = (0..<n).filter { tree.parents[$0] < 0 }
        var remaining = work.indices.reduce(0) { $0 + (tree.parents[$1] < 0 ? work[$1] : 0) }
        while let largest = subtrees.indices.max(by: { (work[subtrees[$0]], subtrees[$1]) < (work[subtrees[$1]], subtrees[$0]) }) {
            let top = subtrees[largest]
            guard work[top] * 2 > remaining, childStart[top + 1] > childStart[top] else { break }
            group[top] = 0
            remaining -= work[top] - (childStart[top]..<childStart[top + 1]).reduce(0) { $0 + work[children[$1]] }
            subtrees.remove(at: largest)
            subtrees.append(contentsOf: children[childStart[top]..<childStart[top + 1]])
        }
        subtrees.sort { (work[$0], $1) > (work[$1], $0) }   // largest first; equal work in tree order
        var load = [0, 0]
        for top in subtrees {
            let part = load[1] < load[0] ? 1 : 0
            group[top] = UInt8(part + 1)
            load[part] += work[top]
        }
        // Parents come before children: every node below a subtree's top takes its group.
        for node in 0..<n where group[node] == unassigned { group[node] = group[Int(tree.parents[node])] }
        return group
    }
}

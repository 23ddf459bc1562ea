extension Array {
    /// The `k` smallest elements in ascending order, in O(n log k) with a bounded max-heap.
    /// The daily queue needs only today's review allowance (a few hundred) out of what may
    /// be tens of thousands of overdue items, so sorting them all would be wasted work.
    /// `areInIncreasingOrder` must be a strict total order for the result to be deterministic.
    func smallest(_ k: Int, by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        guard k > 0 else { return [] }
        guard count > k else { return sorted(by: areInIncreasingOrder) }
        var heap: [Element] = []  // max-heap: heap[0] is the largest kept so far
        heap.reserveCapacity(k)
        for element in self {
            if heap.count < k {
                heap.append(element)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard areInIncreasingOrder(heap[parent], heap[child]) else { break }
                    heap.swapAt(parent, child)
                    child = parent
                }
            } else if areInIncreasingOrder(element, heap[0]) {
                heap[0] = element
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var largest = parent
                    if left < k && areInIncreasingOrder(heap[largest], heap[left]) { largest = left }
                    if right < k && areInIncreasingOrder(heap[largest], heap[right]) { largest = right }
                    if largest == parent { break }
                    heap.swapAt(parent, largest)
                    parent = largest
                }
            }
        }
        return heap.sorted(by: areInIncreasingOrder)
    }
}

/// Training items split in time: fit on the earlier reviews, judge the fit on the later
/// ones. Weights are meant to predict reviews to come, and a random split would let a
/// question's later reviews teach the model about its earlier ones.
public struct FSRSTimeSplit: Sendable, Equatable {
    /// Items whose target comes before `firstHeldOutDay`, in time order.
    public var training: [FSRSTrainingItem]
    /// Items whose target is on `firstHeldOutDay` or later, in time order. Their
    /// histories may reach back into the training period: that is what the learner's
    /// scheduler would know when they come due.
    public var heldOut: [FSRSTrainingItem]
    /// The first study day held out (nil when nothing is).
    public var firstHeldOutDay: Int?

    public init(training: [FSRSTrainingItem], heldOut: [FSRSTrainingItem], firstHeldOutDay: Int?) {
        self.training = training
        self.heldOut = heldOut
        self.firstHeldOutDay = firstHeldOutDay
    }

    /// Holds out the last `fraction` (0…1) of `items` (in target time order), moved
    /// forward to the next change of study day so that no day is on both sides; the held
    /// out part is therefore at most `fraction` of the items, and may be empty.
    public init(_ items: [FSRSTrainingItem], holdingOut fraction: Double) {
        let share = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
        var boundary = Int((Double(items.count) * (1 - share)).rounded(.up))
        boundary = min(max(boundary, 0), items.count)
        if boundary > 0 {
            while boundary < items.count && items[boundary].targetDay == items[boundary - 1].targetDay {
                boundary += 1
            }
        }
        self.init(training: Array(items[..<boundary]), heldOut: Array(items[boundary...]),
                  firstHeldOutDay: boundary < items.count ? items[boundary].targetDay : nil)
    }

    /// Holds out the items whose target is on `firstHeldOutDay` or later.
    public init(_ items: [FSRSTrainingItem], firstHeldOutDay: Int) {
        let heldOut = items.filter { $0.targetDay >= firstHeldOutDay }
        self.init(training: items.filter { $0.targetDay < firstHeldOutDay }, heldOut: heldOut,
                  firstHeldOutDay: heldOut.isEmpty ? nil : firstHeldOutDay)
    }
}

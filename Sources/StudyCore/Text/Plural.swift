/// "1 lesson", "2 lessons": every count primer shows goes through here.
public func plural(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : (plural ?? singular + "s"))"
}

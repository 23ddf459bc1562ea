/// "42%": how every fraction is shown. Any Double is safe here: a value read from a
/// damaged or hand-edited file (NaN, infinity, 1e17) is shown as "?" instead of trapping
/// when it is turned into an integer, and a fraction is never shown past 0 to 100%.
public func percentText(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "?%" }
    let clamped = min(1, max(0, fraction))
    return "\(Int((clamped * 100).rounded()))%"
}

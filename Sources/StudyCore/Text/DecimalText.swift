/// `x` with `places` digits after the point ("0.3132"), rounded half away from zero, as
/// `String(format: "%.4f")` shows it but without Foundation's formatter: `primer optimize`
/// spent about half a millisecond starting that for its two lines. Not a number, an
/// infinity, or a value too large for the integer arithmetic shows as "?".
public func decimalText(_ x: Double, places: Int) -> String {
    precondition((0...9).contains(places), "0 to 9 places")
    var scale: Int64 = 1
    for _ in 0..<places { scale *= 10 }
    let scaled = (x.magnitude * Double(scale)).rounded()
    guard x.isFinite, scaled < 9e18 else { return "?" }
    let units = Int64(scaled)
    let whole = String(units / scale)
    let sign = x < 0 && units != 0 ? "-" : ""
    guard places > 0 else { return sign + whole }
    let fraction = String(units % scale)
    return sign + whole + "." + String(repeating: "0", count: places - fraction.count) + fraction
}

/// Charts drawn with Unicode block characters. Each reads without colour: height or
/// shade carries the value, and the callers print the numbers beside them.
public enum Charts {
    static let shades: [Character] = [" ", "░", "▒", "▓", "█"]
    static let levels: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A calendar heatmap: 7 rows (one per weekday) by `weeks` columns. `counts` holds
    /// one value per day, oldest first, ending today; `todayWeekday` is 0 for the first
    /// row's weekday. Days after today are blank; a day with no activity is "·".
    public static func heatmap(counts: [Int], weeks: Int, todayWeekday: Int) -> [String] {
        let maxCount = max(1, counts.max() ?? 1)
        var grid = Array(repeating: Array(repeating: Character(" "), count: weeks), count: 7)
        // The last column holds this week; today sits at row todayWeekday.
        for (offset, count) in counts.reversed().enumerated() {
            let dayIndex = todayWeekday - offset            // relative to the start of this week
            let column = weeks - 1 + Int((Double(dayIndex) / 7).rounded(.down))
            let row = ((dayIndex % 7) + 7) % 7
            guard column >= 0, column < weeks else { continue }
            grid[row][column] = count == 0 ? "·" : shades[max(1, Int((Double(count) / Double(maxCount) * 4).rounded(.up)))]
        }
        return grid.map { String($0) }
    }

    /// A bar chart `height` rows tall, one column per value, in eighths of a row.
    public static func bars(_ values: [Int], height: Int) -> [String] {
        guard height > 0 else { return [] }
        let maxValue = max(1, values.max() ?? 1)
        return (0..<height).map { row in
            let rowFromBottom = height - 1 - row
            return String(values.map { value -> Character in
                let eighths = Int((Double(value) / Double(maxValue) * Double(height * 8)).rounded())
                let inRow = eighths - rowFromBottom * 8
                if value > 0, rowFromBottom == 0, inRow <= 0 { return "▁" }   // any value shows
                return levels[min(8, max(0, inRow))]
            })
        }
    }

    /// One row of bars for values in 0...1.
    public static func sparkline(_ fractions: [Double]) -> String {
        String(fractions.map { f -> Character in
            let v = f.isFinite ? min(1, max(0, f)) : 0
            return levels[Int((v * 8).rounded())]
        })
    }
}

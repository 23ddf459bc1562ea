/// "Did you mean …?" for mistyped names (keys, ids, commands): the closest known word
/// within a small edit distance.
public enum Suggest {
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let w = word.lowercased()
        var best: (String, Int)? = nil
        for candidate in candidates {
            let d = distance(w, candidate.lowercased())
            if d <= max(2, candidate.count / 3), d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }

    public static func didYouMean(_ word: String, _ candidates: [String]) -> String {
        if let s = closest(to: word, among: candidates) { return "; did you mean '\(s)'?" }
        return "; expected one of: " + candidates.joined(separator: ", ")
    }

    /// "no lesson 'allianc'; did you mean 'alliance'? (lessons: a, b, c)": for errors that
    /// name something the learner typed.
    public static func unknown(_ what: String, _ word: String, among candidates: [String], listName: String) -> String {
        var text = "no \(what) '\(word)'"
        if let match = closest(to: word, among: candidates) { text += "; did you mean '\(match)'?" }
        return text + " (\(listName): \(candidates.joined(separator: ", ")))"
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// Finds the valid name closest to a mistyped one, for "did you mean" hints.
public enum NearestName {
    /// The candidate with the smallest edit distance to `name`, if it is close enough to be a
    /// plausible typo (at most a third of the name's length, and at least 1).
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let limit = Swift.max(1, name.count / 3 + 1)
        let wanted = Array(name.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            let other = Array(candidate.lowercased())
            // The edit distance is at least the difference in length, so a candidate that much
            // shorter or longer is out without the quadratic comparison: a hostile name (a
            // megabyte-long CSV column or policy id) costs one pass, not minutes.
            guard abs(wanted.count - other.count) <= limit else { continue }
            let distance = editDistance(wanted, other)
            if distance <= limit, distance < (best?.1 ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// Levenshtein distance between two character arrays.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

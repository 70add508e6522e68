/// "Did you mean": the name a typo most likely meant.
enum Suggestion {
    /// Case is ignored. First the name at the smallest edit distance (insertions, deletions,
    /// substitutions and swaps of neighbours: 'Agnet' → 'Agent'), if it is small for the
    /// typed length: at most 1 up to 3 characters, else a third of the length and at least 2.
    /// Otherwise a name that contains the typed text or is contained in it ('Sales' → 'Sales
    /// Routing Profile'), the closest in length. Otherwise none; none either for a query of
    /// more than 1 KiB, which is no mistyped name (a shifted or pasted cell) and would cost
    /// time for nothing.
    static func closest(to query: String, among names: [String]) -> String? {
        guard query.utf8.count <= 1024 else { return nil }
        let q = Array(query.lowercased())
        guard !q.isEmpty else { return nil }
        let lowered = names.map { Array($0.lowercased()) }

        let limit = q.count <= 3 ? 1 : max(2, q.count / 3)
        var closest: (index: Int, distance: Int)?
        for (index, name) in lowered.enumerated() where abs(name.count - q.count) <= limit {
            let d = distance(q, name)
            if d <= limit, closest == nil || d < closest!.distance { closest = (index, d) }
        }
        if let closest { return names[closest.index] }

        guard q.count >= 3 else { return nil }
        var containing: (index: Int, gap: Int)?
        for (index, name) in lowered.enumerated() where name.count >= 3 {
            guard contains(name, q) || contains(q, name) else { continue }
            let gap = abs(name.count - q.count)
            if containing == nil || gap < containing!.gap { containing = (index, gap) }
        }
        return containing.map { names[$0.index] }
    }

    static func contains(_ haystack: [Character], _ needle: [Character]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        if needle.isEmpty { return true }
        for start in 0 ... (haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start ..< start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0 ... b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1 ... a.count {
            current[0] = i
            for j in 1 ... b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}

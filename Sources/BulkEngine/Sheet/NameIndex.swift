/// Finds an instance's resource by the name a manager typed: the exact name first, then a
/// name that differs only in case if exactly one does. When nothing matches, it offers the
/// closest name (see `Suggestion`), computed once per distinct typed name.
struct NameIndex<Item> {
    enum Match {
        case found(Item)
        case notFound(suggestion: String?)
        /// Several names match when case is ignored (or the instance has the exact name twice).
        case ambiguous([String])
    }

    let items: [Item]
    let names: [String]
    private let exact: [String: [Int]]
    private let folded: [String: [Int]]
    private var suggestions: [String: String?] = [:]

    init(_ items: [Item], name: (Item) -> String) {
        self.items = items
        names = items.map(name)
        var exact: [String: [Int]] = [:]
        var folded: [String: [Int]] = [:]
        for (index, name) in names.enumerated() {
            exact[name, default: []].append(index)
            folded[name.lowercased(), default: []].append(index)
        }
        self.exact = exact
        self.folded = folded
    }

    /// Swift compares strings by canonical equivalence, so a decomposed cell (`e` + U+0301)
    /// finds a precomposed name.
    mutating func match(_ query: String) -> Match {
        if let hits = exact[query] {
            return hits.count == 1 ? .found(items[hits[0]]) : .ambiguous(hits.map { names[$0] })
        }
        if let hits = folded[query.lowercased()] {
            return hits.count == 1 ? .found(items[hits[0]]) : .ambiguous(hits.map { names[$0] })
        }
        if let cached = suggestions[query] { return .notFound(suggestion: cached) }
        let suggestion = Suggestion.closest(to: query, among: names)
        suggestions[query] = suggestion
        return .notFound(suggestion: suggestion)
    }
}

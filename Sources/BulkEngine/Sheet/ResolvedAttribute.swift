/// A predefined attribute as the checker matches it.
struct ResolvedAttribute: Sendable {
    var name: String
    var values: [String]
}

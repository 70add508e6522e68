package struct ConnectHierarchyGroup: Sendable, Equatable {
    package var id: String
    package var arn: String
    package var name: String
    /// The names from level one down to this group: `["technical support", "IT", "Eastern"]`.
    package var path: [String]

    package init(id: String, arn: String, name: String, path: [String]) {
        self.id = id
        self.arn = arn
        self.name = name
        self.path = path
    }
}

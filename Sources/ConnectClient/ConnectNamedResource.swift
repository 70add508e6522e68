package struct ConnectNamedResource: Sendable, Equatable, Hashable {
    package var id: String
    package var arn: String
    package var name: String

    package init(id: String, arn: String, name: String) {
        self.id = id
        self.arn = arn
        self.name = name
    }
}

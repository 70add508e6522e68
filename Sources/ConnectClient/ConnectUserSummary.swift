/// `UserSummary` (ListUsers).
package struct ConnectUserSummary: Sendable, Equatable {
    package var id: String
    package var arn: String
    package var username: String

    package init(id: String, arn: String, username: String) {
        self.id = id
        self.arn = arn
        self.username = username
    }
}

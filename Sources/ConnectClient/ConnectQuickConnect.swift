/// A quick connect (`QuickConnect`), as far as deleting a user's needs it.
package struct ConnectQuickConnect: Sendable, Equatable {
    package var id: String
    package var name: String
    package var type: ConnectQuickConnectType
    /// For a `USER` quick connect, the user it transfers to (`UserConfig.UserId`).
    package var userID: String?

    package init(id: String, name: String, type: ConnectQuickConnectType, userID: String? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.userID = userID
    }
}

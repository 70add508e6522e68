package struct ConnectCreatedUser: Sendable, Equatable {
    package var userID: String
    package var userARN: String

    package init(userID: String, userARN: String) {
        self.userID = userID
        self.userARN = userARN
    }
}

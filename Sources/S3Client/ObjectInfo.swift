package struct ObjectInfo: Sendable, Equatable {
    package var key: String
    package var size: Int
    /// Without quotes.
    package var eTag: String

    package init(key: String, size: Int, eTag: String) {
        self.key = key
        self.size = size
        self.eTag = eTag
    }
}

package struct StoredObject: Sendable, Equatable {
    package var body: [UInt8]
    /// Without quotes.
    package var eTag: String

    package init(body: [UInt8], eTag: String) {
        self.body = body
        self.eTag = eTag
    }
}

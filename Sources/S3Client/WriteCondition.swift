/// S3's conditional writes.
package enum WriteCondition: Sendable, Equatable {
    /// Unconditional: creates or replaces.
    case none
    /// `If-None-Match: *`: only when no object has the key.
    case ifAbsent
    /// `If-Match: "etag"`: only over exactly that version of the object.
    case ifMatch(eTag: String)
}

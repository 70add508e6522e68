/// The HTTP methods the AWS APIs used here need.
public enum HTTPMethod: String, Sendable, CaseIterable {
    case GET, HEAD, PUT, POST, DELETE, PATCH
}

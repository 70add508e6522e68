/// A complete HTTP response: status, header fields (names compared case-insensitively), body.
public struct TransportResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text, with invalid sequences repaired.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

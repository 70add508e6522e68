import CCurl
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects one response from libcurl's callbacks; used only on the transfer's thread.
final class ResponseSink {
    let cancellation: CancellationFlag
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    var requestsSent = 0

    init(cancellation: CancellationFlag) { self.cancellation = cancellation }

    private static func from(_ userdata: UnsafeMutableRawPointer?) -> ResponseSink {
        Unmanaged<ResponseSink>.fromOpaque(userdata!).takeUnretainedValue()
    }

    /// One call per header line, status lines included. A status line starts a new block
    /// (after `100 Continue`, or a proxy's CONNECT answer), so only the final block is kept.
    static let onHeaderLine: ccurl_data_callback = { buffer, size, count, userdata in
        let length = size * count
        guard let buffer, length > 0 else { return length }
        let sink = ResponseSink.from(userdata)
        let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            sink.headers.removeAll()
        } else if line.first == " " || line.first == "\t", let last = sink.headers.indices.last {
            // An obsolete folded continuation line belongs to the previous field.
            sink.headers[last].1 += " " + trimmed(line)
        } else if let colon = line.firstIndex(of: ":") {
            sink.headers.append((trimmed(line[..<colon]), trimmed(line[line.index(after: colon)...])))
        }
        return length
    }

    static let onBody: ccurl_data_callback = { buffer, size, count, userdata in
        let length = size * count
        guard let buffer, length > 0 else { return length }
        ResponseSink.from(userdata).body.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
        return length
    }

    /// Outgoing header data that starts with a method token starts a request (a request's
    /// header block may come in pieces; only its first piece starts with the method).
    static let onDebug: ccurl_debug_callback = { _, type, data, size, userdata in
        guard type == CURLINFO_HEADER_OUT, let data, size > 0 else { return 0 }
        let head = UnsafeRawBufferPointer(start: data, count: min(size, 8))
        if let space = head.firstIndex(of: UInt8(ascii: " ")), space > 0,
           head[..<space].allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            ResponseSink.from(userdata).requestsSent += 1
        }
        return 0
    }

    /// Returning non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
    static let onProgress: ccurl_xferinfo_callback = { userdata, _, _, _, _ in
        ResponseSink.from(userdata).cancellation.isCancelled ? 1 : 0
    }

    private static func trimmed<S: StringProtocol>(_ text: S) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r\n" || $0 == "\r" || $0 == "\n" }
        guard let start = text.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = text.lastIndex(where: { !isSpace($0) })!
        return String(text[start...end])
    }
}

import Base
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A field value in a log line.
package enum LogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .int(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }

    var json: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return value.isFinite ? String(value) : "null"
        case .bool(let value): return value ? "true" : "false"
        case .string(let value): return JSONText.quoted(value, limit: JSONLogger.maxStringBytes, cutMark: Self.cutMark)
        }
    }

    var text: String {
        switch self {
        case .string(let value): Self.cut(value)
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): String(value)
        }
    }

    /// `…[cut: 5242880 bytes]`: what ends a cut string, with the whole string's UTF-8 size.
    static func cutMark(_ bytes: Int) -> String { "…[cut: \(bytes) bytes]" }
    /// Room kept for the mark.
    static let markRoom = 40

    /// The string as a JSON string literal of at most `limit` bytes between its quotes; a
    /// longer one is cut at a scalar and ends with the cut mark.

    /// The string in at most `limit` bytes of UTF-8, cut at a scalar and ending with the cut
    /// mark when it is longer (for the text format).
    static func cut(_ value: String, limit: Int = JSONLogger.maxStringBytes) -> String {
        let utf8 = value.utf8
        guard utf8.count > limit else { return value }
        var end = utf8.index(utf8.startIndex, offsetBy: limit - markRoom)
        while end > utf8.startIndex, UTF8.isContinuation(utf8[end]) { end = utf8.index(before: end) }
        return String(value[..<end]) + cutMark(utf8.count)
    }
}

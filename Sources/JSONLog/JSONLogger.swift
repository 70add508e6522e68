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

/// Log lines as Lambda's JSON log format has them: one object per line with `timestamp`
/// (RFC 3339, UTC, milliseconds), `level`, `requestId` and `message`, plus fields.
///
/// The level and format are read once (`AWS_LAMBDA_LOG_LEVEL` or `LOG_LEVEL`;
/// `AWS_LAMBDA_LOG_FORMAT` `JSON` or `Text`). Nothing here redacts: callers never pass secrets
/// (passwords stay in the CSV row and the CreateUser body, and neither is logged).
///
/// No line exceeds CloudWatch Logs' event limit (256 KiB, 262,144 bytes, 26 of them its own):
/// each string (message, key, value) is cut to `maxStringBytes` as written, ending with
/// `…[cut: N bytes]`, and a line stops taking fields before `maxLineBytes`, counting the ones
/// it left out in `cutFields`, so a cut line is still one whole JSON object.
package struct JSONLogger: Sendable {
    package enum Level: Int, Sendable, Comparable, CaseIterable {
        case trace, debug, info, warn, error, fatal

        package var name: String {
            switch self {
            case .trace: "TRACE"
            case .debug: "DEBUG"
            case .info: "INFO"
            case .warn: "WARN"
            case .error: "ERROR"
            case .fatal: "FATAL"
            }
        }

        /// `INFO`, `info`, `WARNING` and `warn` alike.
        package init?(name: String) {
            switch name.uppercased() {
            case "TRACE": self = .trace
            case "DEBUG": self = .debug
            case "INFO": self = .info
            case "WARN", "WARNING": self = .warn
            case "ERROR": self = .error
            case "FATAL", "CRITICAL": self = .fatal
            default: return nil
            }
        }

        package static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    package enum Format: Sendable { case json, text }

    /// The most bytes a string takes in a line, as written (JSON escapes included).
    package static let maxStringBytes = 8 * 1024
    /// The most bytes a line takes, its newline excluded: a quarter of CloudWatch's limit.
    package static let maxLineBytes = 64 * 1024

    package var minimumLevel: Level
    package var format: Format
    package var requestID: String?
    let sink: @Sendable (String) -> Void
    let time: any TimeSource

    package init(minimumLevel: Level = .info, format: Format = .json, requestID: String? = nil,
                time: any TimeSource = SystemTime(),
                sink: @escaping @Sendable (String) -> Void = JSONLogger.standardError) {
        self.minimumLevel = minimumLevel
        self.format = format
        self.requestID = requestID
        self.time = time
        self.sink = sink
    }

    /// The level and format the environment asks for (`variable` reads one variable).
    package static func fromEnvironment(_ variable: (String) -> String?,
                                       sink: @escaping @Sendable (String) -> Void = JSONLogger.standardError) -> JSONLogger {
        let level = (variable("AWS_LAMBDA_LOG_LEVEL") ?? variable("LOG_LEVEL")).flatMap(Level.init(name:)) ?? .info
        let format: Format = variable("AWS_LAMBDA_LOG_FORMAT")?.uppercased() == "TEXT" ? .text : .json
        return JSONLogger(minimumLevel: level, format: format, sink: sink)
    }

    /// The same logger, with every line carrying `requestID`.
    package func with(requestID: String?) -> JSONLogger {
        var copy = self
        copy.requestID = requestID
        return copy
    }

    package func log(_ level: Level, _ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        guard level >= minimumLevel else { return }
        sink(line(level, message, Array(fields)))
    }

    package func debug(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.debug, message, fields) }
    package func info(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.info, message, fields) }
    package func warn(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.warn, message, fields) }
    package func error(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.error, message, fields) }

    func line(_ level: Level, _ message: String, _ fields: [(key: String, value: LogValue)]) -> String {
        let timestamp = Self.timestamp(ms: time.nowMs)
        switch format {
        case .json:
            var members = ["\"timestamp\":\"\(timestamp)\"", "\"level\":\"\(level.name)\""]
            if let requestID { members.append("\"requestId\":\(LogValue.string(requestID).json)") }
            members.append("\"message\":\(LogValue.string(message).json)")
            // Room for `,"cutFields":N` and the braces.
            var size = members.reduce(members.count + 32) { $0 + $1.utf8.count }
            var cut = 0
            for (key, value) in fields {
                let member = "\(LogValue.string(key).json):\(value.json)"
                if cut > 0 || size + member.utf8.count + 1 > Self.maxLineBytes {
                    cut += 1
                    continue
                }
                size += member.utf8.count + 1
                members.append(member)
            }
            if cut > 0 { members.append("\"cutFields\":\(cut)") }
            return "{" + members.joined(separator: ",") + "}"
        case .text:
            let extra = fields.map { "\(LogValue.cut($0.key))=\($0.value.text)" }.joined(separator: " ")
            let line = [timestamp, level.name, requestID.map { LogValue.cut($0) } ?? "-", LogValue.cut(message), extra]
                .filter { !$0.isEmpty }.joined(separator: " ")
            return LogValue.cut(line, limit: Self.maxLineBytes)
        }
    }

    /// `2026-11-25T09:30:00.123Z`.
    static func timestamp(ms: Int64) -> String {
        let (seconds, milliseconds) = ms.quotientAndRemainder(dividingBy: 1000)
        let whole = milliseconds < 0 ? seconds - 1 : seconds
        let ms = String(milliseconds < 0 ? milliseconds + 1000 : milliseconds)
        let second = UTCDateTime(Date(timeIntervalSince1970: Double(whole))).rfc3339.dropLast()
        return second + "." + String(repeating: "0", count: 3 - ms.count) + ms + "Z"
    }

    /// Writes the line and a newline to standard error in one call, so lines never interleave.
    @Sendable package static func standardError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

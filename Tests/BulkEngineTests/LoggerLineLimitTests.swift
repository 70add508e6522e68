import TestSupport
import Foundation
import JSONLog
import Synchronization
import Testing

/// No log line exceeds CloudWatch Logs' event limit (256 KiB), and a cut line is still JSON.
@Suite struct LoggerLineLimitTests {
    static let cloudWatchLimit = 256 * 1024

    /// The lines a logger at `format` writes for one call.
    static func lines(_ format: JSONLogger.Format = .json, _ write: (JSONLogger) -> Void) -> [String] {
        let lines = Mutex<[String]>([])
        let logger = JSONLogger(minimumLevel: .debug, format: format, requestID: "req-1",
                            time: ImmediateClock(startMs: 1_790_000_000_500), sink: { line in lines.withLock { $0.append(line) } })
        write(logger)
        return lines.withLock { $0 }
    }

    static func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func aFiveMegabyteFieldGivesAShortLineThatIsStillJSON() throws {
        let huge = String(repeating: "a", count: 5 * 1024 * 1024)
        let line = try #require(Self.lines { $0.info("row invalid", ["line": 2, "reason": .string(huge), "after": "kept"]) }.first)
        #expect(line.utf8.count < Self.cloudWatchLimit)
        #expect(line.utf8.count <= JSONLogger.maxLineBytes)
        let object = try Self.object(line)
        let reason = try #require(object["reason"] as? String)
        #expect(reason.hasPrefix("aaaa"))
        #expect(reason.hasSuffix("…[cut: 5242880 bytes]"))
        #expect(reason.utf8.count <= JSONLogger.maxStringBytes)
        #expect(object["after"] as? String == "kept")
        #expect(object["line"] as? Int == 2)
        #expect(object["message"] as? String == "row invalid")
        #expect(object["requestId"] as? String == "req-1")
    }

    @Test func escapesCountTowardsTheLimitAndAreNeverCutInHalf() throws {
        // Every character escapes to six bytes (`\u0001`), or two (`\"`).
        for unit in ["\u{1}", "\"", "é", "😀"] {
            let huge = String(repeating: unit, count: 1_000_000)
            let line = try #require(Self.lines { $0.warn(huge, ["field": .string(huge)]) }.first)
            #expect(line.utf8.count <= JSONLogger.maxLineBytes)
            let object = try Self.object(line)
            for key in ["message", "field"] {
                let value = try #require(object[key] as? String)
                #expect(value.hasPrefix(unit + unit))
                #expect(value.hasSuffix("…[cut: \(huge.utf8.count) bytes]"))
            }
        }
    }

    @Test func manyLargeFieldsAreLeftOutAndCounted() throws {
        let big = String(repeating: "b", count: 100_000)
        let line = try #require(Self.lines { logger in
            logger.error("many", ["a": .string(big), "b": .string(big), "c": .string(big), "d": .string(big), "e": .string(big),
                                  "f": .string(big), "g": .string(big), "h": .string(big), "i": .string(big), "j": .string(big)])
        }.first)
        #expect(line.utf8.count <= JSONLogger.maxLineBytes)
        let object = try Self.object(line)
        let kept = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"].filter { object[$0] != nil }
        #expect(!kept.isEmpty && kept.count < 10)
        #expect(object["cutFields"] as? Int == 10 - kept.count)
    }

    @Test func shortLinesAreUnchanged() throws {
        let line = try #require(Self.lines { $0.info("created", ["line": 3, "userLogin": "jdoe", "ok": true]) }.first)
        #expect(line == #"{"timestamp":"2026-09-21T14:13:20.500Z","level":"INFO","requestId":"req-1","message":"created","line":3,"userLogin":"jdoe","ok":true}"#)
    }

    @Test func theTextFormatIsCutToo() throws {
        let huge = String(repeating: "é", count: 3_000_000)
        let line = try #require(Self.lines(.text) { $0.info(huge, ["reason": .string(huge)]) }.first)
        #expect(line.utf8.count <= JSONLogger.maxLineBytes)
        #expect(line.contains("…[cut: 6000000 bytes]"))
        #expect(line.hasPrefix("2026-09-21T14:13:20.500Z INFO req-1 éé"))
    }
}

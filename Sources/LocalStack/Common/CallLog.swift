import AWSCore
import Foundation
import Synchronization

/// Every request the local stack answered, in order: what tests and benchmarks count.
public final class CallLog: Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        public var sequence: Int
        /// Milliseconds since 1970, when the request arrived.
        public var timeMs: Int64
        /// `Connect`, `S3`, `Lambda`.
        public var service: String
        public var operation: String
        /// The request's path as received (percent-encoded): which user a call was for.
        public var path: String?
        public var status: Int
        /// The AWS error code, when the answer was an error.
        public var errorCode: String?
        /// Injected fault, when one was applied: `InternalServiceException`, `reset`, `latency`.
        public var fault: String?
        public var requestID: String
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    public func record(time: Date, service: String, operation: String, path: String? = nil, status: Int, errorCode: String?, fault: String?,
                       requestID: String) {
        entries.withLock { entries in
            entries.append(Entry(sequence: entries.count + 1, timeMs: Int64((time.timeIntervalSince1970 * 1000).rounded()),
                                 service: service, operation: operation, path: path, status: status, errorCode: errorCode,
                                 fault: fault, requestID: requestID))
        }
    }

    public var all: [Entry] { entries.withLock { $0 } }

    public func reset() { entries.withLock { $0.removeAll() } }
}

import Foundation

/// One event given to the function, with every attempt at it: what the admin path reports and
/// what tests check (`Nothing lost`, `Nothing doubled`).
public struct InvocationRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Queued, or waiting for a retry.
        case pending
        /// Handed to the function; no answer yet.
        case running
        case succeeded
        /// The last attempt reported an error and no retry is left.
        case failed
        /// The last attempt missed its deadline and no retry is left.
        case timedOut
    }

    public struct Attempt: Codable, Sendable, Equatable {
        /// A new id for every attempt.
        public var requestID: String
        /// `pending`, `running`, `succeeded`, `failed`, `timedOut`.
        public var status: Status
        public var queuedAt: Date
        public var startedAt: Date?
        public var deadline: Date?
        public var finishedAt: Date?
    }

    /// An answer the Runtime API refused (400) for one of this event's request ids.
    public struct RejectedAnswer: Codable, Sendable, Equatable {
        public var requestID: String
        /// `response` or `error`.
        public var kind: String
        /// The attempt's status when the answer came: `timedOut`, `succeeded`, ...
        public var attemptStatus: Status
        public var body: String
        public var at: Date
    }

    /// Stable across attempts.
    public var eventID: String
    /// The request id of each attempt, in order.
    public var requestIDs: [String]
    public var payload: String
    public var status: Status
    /// Attempts handed to the function so far.
    public var attempts: Int
    public var attemptDetails: [Attempt]
    /// The body of the successful response.
    public var response: String?
    /// The body of the last error report, and its `Lambda-Runtime-Function-Error-Type`.
    public var error: String?
    public var errorType: String?
    public var createdAt: Date
    public var finishedAt: Date?
    /// The event this one is a fresh copy of (`redeliver(eventOf:)`), as S3's at-least-once
    /// delivery can produce.
    public var redeliveryOf: String?
    public var rejected: [RejectedAnswer]
}

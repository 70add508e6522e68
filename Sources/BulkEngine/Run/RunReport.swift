/// What one input file came to: written to `results/<name>-<dateTime>.json`, returned by the
/// function, and logged as the final summary line.
public struct RunReport: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Every row ended in an outcome; the input was renamed to `.bak`.
        case completed
        /// The file could not be read as the template (malformed CSV, no `user login` column);
        /// it was kept untouched under `failed/`.
        case rejected
        /// The input no longer exists (already processed, or deleted).
        case missing
        /// Not an input (the function's own output, another folder or suffix).
        case ignored
        /// The invocation's time ran short: the rows left were written as a continuation
        /// object, which a fresh invocation takes on. The file's summary comes with its last part.
        case continued
        /// Another invocation processed this file, or is processing it (a re-delivered event).
        case duplicate
    }

    public var bucket: String
    public var input: String
    public var status: Status
    /// Why the file was rejected, missing or ignored; notes on a completed run
    /// (for example that it was read as Windows-1252).
    public var message: String?
    public var rows = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var failed = 0
    /// Connect requests sent, retries included.
    public var apiCalls = 0
    public var retries = 0
    /// 429 responses from Connect.
    public var throttled = 0
    public var durationMs = 0
    /// Invocations the file took (1 unless it was continued).
    public var parts = 1
    /// The continuation object holding the rows left, for a `continued` part.
    public var continuation: String?
    public var failureFile: String?
    public var processedInput: String?
    public var summary: String?

    public init(bucket: String, input: String, status: Status, message: String? = nil) {
        self.bucket = bucket
        self.input = input
        self.status = status
        self.message = message
    }
}
